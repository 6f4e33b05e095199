using System.Runtime.Versioning;
using Layered.Fs.Posix;

namespace Layered.Cli.Copy;

/// <summary>The host's files, through the .NET file APIs.</summary>
[UnsupportedOSPlatform("windows")]
internal sealed class HostTree : ITree
{
    private static readonly long s_unixEpochTicks = DateTime.UnixEpoch.Ticks;

    public string Describe(string path) => path;

    public string Join(string directory, string name) => Path.Combine(directory, name);

    public Task<TreeNode?> StatAsync(string path, CancellationToken ct) => Task.FromResult(Stat(path));

    public Task<IReadOnlyList<TreeNode>> ListAsync(TreeNode directory, CancellationToken ct)
    {
        var children = new List<TreeNode>();
        foreach (var path in Directory.EnumerateFileSystemEntries(directory.Path).Order(StringComparer.Ordinal))
        {
            ct.ThrowIfCancellationRequested();
            // Gone between listing and stat: a tree being changed under the copy; skip it like cp would.
            if (Stat(path) is { } child) children.Add(child);
        }
        return Task.FromResult<IReadOnlyList<TreeNode>>(children);
    }

    public Task<string> ReadLinkAsync(TreeNode link, CancellationToken ct) =>
        Task.FromResult(new FileInfo(link.Path).LinkTarget ?? throw new IOException($"{link.Path} is no longer a symlink"));

    public Task<ITreeFile> OpenAsync(TreeNode file, CancellationToken ct) =>
        Task.FromResult<ITreeFile>(new HostFile(File.OpenHandle(file.Path, FileMode.Open, FileAccess.Read, FileShare.Read)));

    public Task<ITreeFile> CreateFileAsync(string path, uint permissions, CancellationToken ct)
    {
        // The real mode is set once the content is in: a read-only source must still be writable while copying.
        return Task.FromResult<ITreeFile>(new HostFile(File.OpenHandle(path, FileMode.Create, FileAccess.Write, FileShare.None)));
    }

    public Task MakeDirectoryAsync(string path, uint permissions, CancellationToken ct)
    {
        if (!Directory.Exists(path)) Directory.CreateDirectory(path);
        return Task.CompletedTask;
    }

    public Task CreateSymlinkAsync(string path, string target, CancellationToken ct)
    {
        File.CreateSymbolicLink(path, target);
        return Task.CompletedTask;
    }

    public Task RemoveAsync(string path, CancellationToken ct)
    {
        File.Delete(path);
        return Task.CompletedTask;
    }

    public Task SetModeAndTimeAsync(string path, uint permissions, long modifyNs, CancellationToken ct)
    {
        var time = new DateTime(s_unixEpochTicks + modifyNs / 100, DateTimeKind.Utc);
        if (Directory.Exists(path)) Directory.SetLastWriteTimeUtc(path, time);
        else File.SetLastWriteTimeUtc(path, time);
        File.SetUnixFileMode(path, (UnixFileMode)(permissions & UnixMode.PermissionBits));
        return Task.CompletedTask;
    }

    private static TreeNode? Stat(string path) => HostStat.Of(path);
}
