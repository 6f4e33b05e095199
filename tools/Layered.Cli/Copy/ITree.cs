namespace Layered.Cli.Copy;

/// <summary>
/// One side of a copy, read or written by path: a host directory tree or an unmounted Layered
/// filesystem. The copier speaks only this, so every direction shares one walk.
/// </summary>
internal interface ITree
{
    /// <summary>How a path on this side is written in messages.</summary>
    string Describe(string path);

    string Join(string directory, string name);

    /// <summary>The node at a path, not following a final symlink; null when nothing is there.</summary>
    Task<TreeNode?> StatAsync(string path, CancellationToken ct);

    Task<IReadOnlyList<TreeNode>> ListAsync(TreeNode directory, CancellationToken ct);

    Task<string> ReadLinkAsync(TreeNode link, CancellationToken ct);

    Task<ITreeFile> OpenAsync(TreeNode file, CancellationToken ct);

    /// <summary>Creates a regular file, or truncates the one already there.</summary>
    Task<ITreeFile> CreateFileAsync(string path, uint permissions, CancellationToken ct);

    /// <summary>Creates a directory; one already there is kept (copies merge into it).</summary>
    Task MakeDirectoryAsync(string path, uint permissions, CancellationToken ct);

    Task CreateSymlinkAsync(string path, string target, CancellationToken ct);

    /// <summary>Removes a non-directory.</summary>
    Task RemoveAsync(string path, CancellationToken ct);

    /// <summary>Sets permissions and modification time, after the content (writing it changes the time).</summary>
    Task SetModeAndTimeAsync(string path, uint permissions, long modifyNs, CancellationToken ct);
}
