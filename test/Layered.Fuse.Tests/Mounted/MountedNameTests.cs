using System.Diagnostics;

namespace Layered.Fuse.Tests.Mounted;

/// <summary>Directories, renames and links through a real kernel mount.</summary>
[RequiresFuseMounts]
public abstract class MountedNameTests(MountedTransport transport)
{
    [DeviceFact(Timeout = 60000)]
    public async Task RmdirOfANonEmptyDirectoryFailsWithEnotempty()
    {
        await using var mounted = await MountedFs.StartAsync(transport);
        Directory.CreateDirectory(mounted["d/e"]);
        await File.WriteAllTextAsync(mounted["d/e/f"], "x");
        var error = Run("rmdir", mounted["d/e"]);
        Assert.Contains("not empty", error, StringComparison.OrdinalIgnoreCase);
        File.Delete(mounted["d/e/f"]);
        Directory.Delete(mounted["d/e"]);
        Directory.Delete(mounted["d"]);
        Assert.Empty(Directory.GetFileSystemEntries(mounted.Root));
    }

    [DeviceFact(Timeout = 60000)]
    public async Task RenameMovesAndReplaces()
    {
        await using var mounted = await MountedFs.StartAsync(transport);
        Directory.CreateDirectory(mounted["a"]);
        Directory.CreateDirectory(mounted["b"]);
        await File.WriteAllTextAsync(mounted["a/one"], "1");
        await File.WriteAllTextAsync(mounted["b/two"], "2");
        File.Move(mounted["a/one"], mounted["b/two"], overwrite: true);
        Assert.False(File.Exists(mounted["a/one"]));
        Assert.Equal("1", await File.ReadAllTextAsync(mounted["b/two"]));
        Directory.Move(mounted["b"], mounted["a/b"]);
        Assert.Equal("1", await File.ReadAllTextAsync(mounted["a/b/two"]));
        await File.WriteAllTextAsync(mounted["a/three"], "3");
        Assert.Throws<IOException>(() => File.Move(mounted["a/three"], mounted["a/b/two"], overwrite: false));
    }

    [DeviceFact(Timeout = 60000)]
    public async Task HardLinksShareOneInode()
    {
        await using var mounted = await MountedFs.StartAsync(transport);
        await File.WriteAllTextAsync(mounted["orig"], "shared");
        Assert.Equal("", Run("ln", mounted["orig"], mounted["link"]));
        Assert.Equal("2", Run("stat", "-c", "%h", mounted["orig"]).Trim());
        Assert.Equal(Run("stat", "-c", "%i", mounted["orig"]), Run("stat", "-c", "%i", mounted["link"]));
        File.Delete(mounted["orig"]);
        Assert.Equal("shared", await File.ReadAllTextAsync(mounted["link"]));
    }

    [DeviceFact(Timeout = 60000)]
    public async Task SymlinksResolveAndReadBack()
    {
        await using var mounted = await MountedFs.StartAsync(transport);
        await File.WriteAllTextAsync(mounted["target"], "pointed at");
        Assert.Equal("", Run("ln", "-s", "target", mounted["sym"]));
        Assert.Equal("target", new FileInfo(mounted["sym"]).LinkTarget);
        Assert.Equal("pointed at", await File.ReadAllTextAsync(mounted["sym"]));
        File.CreateSymbolicLink(mounted["dangling"], "/nowhere/at/all");
        Assert.Equal("/nowhere/at/all", new FileInfo(mounted["dangling"]).LinkTarget);
    }

    [DeviceFact(Timeout = 60000)]
    public async Task MkfifoMakesAFifo()
    {
        await using var mounted = await MountedFs.StartAsync(transport);
        Assert.Equal("", Run("mkfifo", mounted["pipe"]));
        Assert.Equal("fifo", Run("stat", "-c", "%F", mounted["pipe"]).Trim());
        File.Delete(mounted["pipe"]);
    }

    /// <summary>Runs a command to completion (bounded) and returns its stderr, or stdout when stderr is empty.</summary>
    internal static string Run(string file, params string[] arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(file, arguments) { RedirectStandardError = true, RedirectStandardOutput = true })!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEnd();
        if (!process.WaitForExit(30000)) { process.Kill(); throw new TimeoutException($"{file} did not finish"); }
        return error.Length > 0 ? error : output.Result;
    }
}
