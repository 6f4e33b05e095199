namespace Layered.Cli.Tests.Fs;

/// <summary>A temporary folder of image files for one test class, removed afterwards.</summary>
public sealed class FsImages : IDisposable
{
    public const long DefaultBytes = 64L << 20;

    public string Folder { get; } = Path.Combine(Path.GetTempPath(), "layered-cli-fs", Guid.NewGuid().ToString("N"));

    public FsImages() => Directory.CreateDirectory(Folder);

    public string PathOf(string name) => Path.Combine(Folder, name);

    /// <summary>A sparse image of the given size (zeros: no filesystem on it yet).</summary>
    public string Create(string name, long bytes = DefaultBytes)
    {
        var path = PathOf(name);
        using var file = File.Create(path);
        file.SetLength(bytes);
        return path;
    }

    /// <summary>Host files to copy in: a small file, a sparse 3 MiB file with data in its middle, a subdirectory and a symlink.</summary>
    public string CreateHostTree(string name)
    {
        var root = PathOf(name);
        Directory.CreateDirectory(Path.Combine(root, "sub"));
        File.WriteAllText(Path.Combine(root, "hello.txt"), "hello, layered\n");
        using (var sparse = File.Create(Path.Combine(root, "sub", "sparse.bin")))
        {
            sparse.SetLength(3 << 20);
            sparse.Position = (1 << 20) + 100;
            sparse.Write(Enumerable.Range(0, 5000).Select(i => (byte)(i % 251 + 1)).ToArray());
        }
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(Path.Combine(root, "hello.txt"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead);
        File.SetLastWriteTimeUtc(Path.Combine(root, "hello.txt"), new DateTime(2020, 1, 2, 3, 4, 5, DateTimeKind.Utc));
        File.CreateSymbolicLink(Path.Combine(root, "link"), "hello.txt");
        return root;
    }

    public void Dispose()
    {
        if (Directory.Exists(Folder)) Directory.Delete(Folder, recursive: true);
    }
}
