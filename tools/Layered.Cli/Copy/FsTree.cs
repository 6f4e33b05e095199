using Layered.BlockStack.Uring;
using Layered.Fs;
using Layered.Fs.Posix;

namespace Layered.Cli.Copy;

/// <summary>An unmounted Layered filesystem, walked by path from its root (no symlink is followed).</summary>
internal sealed class FsTree(FileSystem fs, string devices) : ITree
{
    /// <summary>Entries per readdir call: enough to amortise the call, few enough to bound memory per batch.</summary>
    private const int ReadDirBatch = 1024;

    public FileSystem FileSystem => fs;

    public string Describe(string path) => $"{devices}:{path}";

    public string Join(string directory, string name) => directory.EndsWith('/') ? directory + name : $"{directory}/{name}";

    public async Task<TreeNode?> StatAsync(string path, CancellationToken ct)
    {
        ulong ino;
        try
        {
            ino = await fs.ResolveAsync(path, ct);
        }
        catch (FsException e) when (e.Errno is Errno.ENOENT or Errno.ENOTDIR)
        {
            return null;
        }
        return NodeOf(path, await fs.GetAttrAsync(ino, ct));
    }

    public async Task<IReadOnlyList<TreeNode>> ListAsync(TreeNode directory, CancellationToken ct)
    {
        var children = new List<TreeNode>();
        long cookie = 0;
        while (true)
        {
            var batch = await fs.ReadDirAsync(directory.Ino, cookie, ReadDirBatch, ct);
            if (batch.Count == 0) break;
            foreach (var entry in batch)
            {
                if (entry.Name is "." or "..") continue;
                children.Add(NodeOf(Join(directory.Path, entry.Name), await fs.GetAttrAsync(entry.Ino, ct)));
            }
            // A cookie that does not move on would list the same entries forever.
            if (batch[^1].NextCookie <= cookie)
                throw new InvalidDataException($"{Describe(directory.Path)}: readdir did not advance past cookie {cookie}");
            cookie = batch[^1].NextCookie;
        }
        children.Sort((a, b) => string.CompareOrdinal(a.Path, b.Path));
        return children;
    }

    public Task<string> ReadLinkAsync(TreeNode link, CancellationToken ct) => fs.ReadLinkAsync(link.Ino, ct);

    public async Task<ITreeFile> OpenAsync(TreeNode file, CancellationToken ct)
    {
        await fs.OpenAsync(file.Ino, ct);
        return new FsFile(fs, file.Ino);
    }

    public async Task<ITreeFile> CreateFileAsync(string path, uint permissions, CancellationToken ct)
    {
        var (parent, name) = await SplitAsync(path, ct);
        var existing = await fs.LookupAsync(parent, name, ct);
        ulong ino;
        if (existing is { } attributes)
        {
            if (!attributes.IsRegular) throw new FsException(Errno.EEXIST, $"{Describe(path)} exists and is not a regular file");
            ino = attributes.Ino;
            await fs.SetAttrAsync(ino, new SetAttributes { Size = 0 }, ct);
        }
        else
        {
            ino = (await fs.CreateAsync(parent, name, UnixMode.Make(FileKind.Regular, permissions), ProcessIdentity.Uid, ProcessIdentity.Gid, ct)).Ino;
        }
        await fs.OpenAsync(ino, ct);
        return new FsFile(fs, ino);
    }

    public async Task MakeDirectoryAsync(string path, uint permissions, CancellationToken ct)
    {
        var (parent, name) = await SplitAsync(path, ct);
        if (name.Length == 0) return; // the root is always there
        if (await fs.LookupAsync(parent, name, ct) is { IsDirectory: true }) return;
        await fs.MkdirAsync(parent, name, UnixMode.Make(FileKind.Directory, permissions), ProcessIdentity.Uid, ProcessIdentity.Gid, ct);
    }

    public async Task CreateSymlinkAsync(string path, string target, CancellationToken ct)
    {
        var (parent, name) = await SplitAsync(path, ct);
        await fs.SymlinkAsync(parent, name, target, ProcessIdentity.Uid, ProcessIdentity.Gid, ct);
    }

    public async Task RemoveAsync(string path, CancellationToken ct)
    {
        var (parent, name) = await SplitAsync(path, ct);
        await fs.UnlinkAsync(parent, name, ct);
    }

    public async Task SetModeAndTimeAsync(string path, uint permissions, long modifyNs, CancellationToken ct)
    {
        var ino = await fs.ResolveAsync(path, ct);
        var kind = (await fs.GetAttrAsync(ino, ct)).Kind;
        // setattr takes st_mode whole, as FUSE passes it: type bits included.
        await fs.SetAttrAsync(ino, new SetAttributes { Mode = UnixMode.Make(kind, permissions), ModifyNs = modifyNs }, ct);
    }

    private async Task<(ulong Parent, string Name)> SplitAsync(string path, CancellationToken ct)
    {
        var trimmed = path.TrimEnd('/');
        var cut = trimmed.LastIndexOf('/');
        var parent = cut <= 0 ? "/" : trimmed[..cut];
        return (await fs.ResolveAsync(parent, ct), trimmed[(cut + 1)..]);
    }

    private static TreeNode NodeOf(string path, InodeAttributes attributes) =>
        new(path, attributes.Kind, attributes.Mode, attributes.Size, attributes.ModifyNs, attributes.Ino);
}
