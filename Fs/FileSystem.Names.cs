using Layered.BlockStack.Uring;
using Layered.Fs.Directories;
using Layered.Fs.Format;
using Layered.Fs.Posix;

namespace Layered.Fs;

public sealed partial class FileSystem
{
    /// <summary>The inode a name in <paramref name="parent"/> refers to, or null when there is no such name.</summary>
    public Task<InodeAttributes?> LookupAsync(ulong parent, string name, CancellationToken ct = default) =>
        RunAsync<InodeAttributes?>(mutates: false, async ct =>
        {
            var directory = await GetDirectoryAsync(parent, ct).ConfigureAwait(false);
            var ino = name switch
            {
                "." => parent,
                ".." => directory.Parent,
                _ => (await Directories.FindAsync(parent, ValidateName(name), ct).ConfigureAwait(false)) is { } item ? DirectoryTarget.Decode(item.Payload).Ino : 0,
            };
            if (ino == 0) return null;
            var record = await Inodes.TryGetAsync(ino, ct).ConfigureAwait(false)
                ?? throw new FsCorruptionException($"directory {parent} names inode {ino} as '{name}', but that inode does not exist");
            return ToAttributes(ino, record);
        }, ct);

    public Task<InodeAttributes> CreateAsync(ulong parent, string name, uint mode, uint uid, uint gid, CancellationToken ct = default) =>
        MakeAsync(parent, name, UnixMode.Make(FileKind.Regular, mode), 0, uid, gid, null, ct);

    public Task<InodeAttributes> MkdirAsync(ulong parent, string name, uint mode, uint uid, uint gid, CancellationToken ct = default) =>
        MakeAsync(parent, name, UnixMode.Make(FileKind.Directory, mode), 0, uid, gid, null, ct);

    /// <summary>Fifos, sockets, device nodes (stored as metadata only) and regular files.</summary>
    public Task<InodeAttributes> MknodAsync(ulong parent, string name, uint mode, ulong rdev, uint uid, uint gid, CancellationToken ct = default)
    {
        if (UnixMode.KindOf(mode) is not (FileKind.Fifo or FileKind.Socket or FileKind.CharDevice or FileKind.BlockDevice or FileKind.Regular))
            throw new FsException(Errno.EINVAL, $"mknod makes fifos, sockets, device nodes and regular files, not mode {mode:o}");
        var kind = UnixMode.KindOf(mode);
        return MakeAsync(parent, name, mode, kind is FileKind.CharDevice or FileKind.BlockDevice ? rdev : 0, uid, gid, null, ct);
    }

    public Task<InodeAttributes> SymlinkAsync(ulong parent, string name, string target, uint uid, uint gid, CancellationToken ct = default)
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(target);
        if (bytes.Length == 0) throw new FsException(Errno.ENOENT, "a symlink needs a target");
        if (bytes.Length > SymlinkMax) throw new FsException(Errno.ENAMETOOLONG, $"a symlink target of {bytes.Length} bytes is longer than {SymlinkMax}");
        return MakeAsync(parent, name, UnixMode.Make(FileKind.Symlink, 0x1FF), 0, uid, gid, bytes, ct);
    }

    private Task<InodeAttributes> MakeAsync(ulong parent, string name, uint mode, ulong rdev, uint uid, uint gid, byte[]? target, CancellationToken ct) =>
        RunAsync(mutates: true, async ct =>
        {
            var nameBytes = ValidateName(name);
            var directory = await GetDirectoryAsync(parent, ct).ConfigureAwait(false);
            if (IsDotName(name) || await Directories.FindAsync(parent, nameBytes, ct).ConfigureAwait(false) is not null)
                throw new FsException(Errno.EEXIST, $"'{name}' already exists in directory {parent}");
            if (directory.Links == 0) throw new FsException(Errno.ENOENT, $"directory {parent} has been removed");
            var (ino, record) = await NewInodeAsync(directory, parent, mode, uid, gid, rdev, ct).ConfigureAwait(false);
            if (target is not null)
            {
                await WriteSymlinkTargetAsync(ino, record, target, ct).ConfigureAwait(false);
                await Inodes.PutAsync(ino, record, ct).ConfigureAwait(false);
            }
            await Directories.AddAsync(parent, nameBytes, new DirectoryTarget(ino, UnixMode.KindOf(mode)).Encode(), ct).ConfigureAwait(false);
            if (UnixMode.KindOf(mode) == FileKind.Directory) directory.Links++;
            Touch(directory);
            await Inodes.PutAsync(parent, directory, ct).ConfigureAwait(false);
            return ToAttributes(ino, record);
        }, ct);

    public Task<InodeAttributes> LinkAsync(ulong ino, ulong newParent, string newName, CancellationToken ct = default) =>
        RunAsync(mutates: true, async ct =>
        {
            var nameBytes = ValidateName(newName);
            var record = await Inodes.GetAsync(ino, ct).ConfigureAwait(false);
            var directory = await GetDirectoryAsync(newParent, ct).ConfigureAwait(false);
            if (IsDotName(newName) || await Directories.FindAsync(newParent, nameBytes, ct).ConfigureAwait(false) is not null)
                throw new FsException(Errno.EEXIST, $"'{newName}' already exists in directory {newParent}");
            if (UnixMode.KindOf(record.Mode) == FileKind.Directory) throw new FsException(Errno.EPERM, "directories cannot be hard-linked");
            if (record.Links == 0) throw new FsException(Errno.ENOENT, $"inode {ino} has no name left to link to");
            if (record.Links >= MaxLinks) throw new FsException(Errno.EMLINK, $"inode {ino} already has {record.Links} links");
            await Directories.AddAsync(newParent, nameBytes, new DirectoryTarget(ino, UnixMode.KindOf(record.Mode)).Encode(), ct).ConfigureAwait(false);
            record.Links++;
            Touch(record, modify: false);
            await Inodes.PutAsync(ino, record, ct).ConfigureAwait(false);
            Touch(directory);
            await Inodes.PutAsync(newParent, directory, ct).ConfigureAwait(false);
            return ToAttributes(ino, record);
        }, ct);

    /// <summary>
    /// Entries from <paramref name="cookie"/> on: "." and ".." first (cookies 1 and 2), then names
    /// in slot order with cookie slot + 3. A slot never moves, so a cookie stays valid across changes.
    /// </summary>
    public Task<IReadOnlyList<DirectoryEntry>> ReadDirAsync(ulong ino, long cookie, int maxEntries, CancellationToken ct = default) =>
        RunAsync<IReadOnlyList<DirectoryEntry>>(mutates: false, async ct =>
        {
            var directory = await GetDirectoryAsync(ino, ct).ConfigureAwait(false);
            var entries = new List<DirectoryEntry>();
            if (cookie < 1 && entries.Count < maxEntries) entries.Add(new DirectoryEntry(".", ino, FileKind.Directory, 1));
            if (cookie < 2 && entries.Count < maxEntries) entries.Add(new DirectoryEntry("..", directory.Parent, FileKind.Directory, 2));
            if (entries.Count >= maxEntries) return entries;
            var fromSlot = cookie < 3 ? 0UL : (ulong)(cookie - 3) + 1;
            foreach (var item in await Directories.ListAsync(ino, fromSlot, maxEntries - entries.Count, ct).ConfigureAwait(false))
            {
                var target = DirectoryTarget.Decode(item.Payload);
                entries.Add(new DirectoryEntry(item.Text, target.Ino, target.Kind, (long)item.Slot + 3));
            }
            return entries;
        }, ct);

    /// <summary>The inode a path from the root names; symlinks are not followed.</summary>
    public Task<ulong> ResolveAsync(string path, CancellationToken ct = default) =>
        RunAsync(mutates: false, async ct =>
        {
            var ino = RootIno;
            foreach (var part in path.Split('/', StringSplitOptions.RemoveEmptyEntries))
            {
                var directory = await GetDirectoryAsync(ino, ct).ConfigureAwait(false);
                if (part == ".") continue;
                if (part == "..") { ino = directory.Parent; continue; }
                var item = await Directories.FindAsync(ino, ValidateName(part), ct).ConfigureAwait(false)
                    ?? throw new FsException(Errno.ENOENT, $"'{path}': '{part}' does not exist");
                ino = DirectoryTarget.Decode(item.Payload).Ino;
            }
            return ino;
        }, ct);

    private const uint MaxLinks = 65000;
}
