using Layered.BlockStack.Uring;
using Layered.Fs.Directories;
using Layered.Fs.Format;
using Layered.Fs.Posix;
using Microsoft.Extensions.Logging;

namespace Layered.Fs;

public sealed partial class FileSystem
{
    private readonly Dictionary<ulong, int> _opens = [];

    public Task UnlinkAsync(ulong parent, string name, CancellationToken ct = default) => RemoveNameAsync(parent, name, directory: false, ct);

    public Task RmdirAsync(ulong parent, string name, CancellationToken ct = default) => RemoveNameAsync(parent, name, directory: true, ct);

    private async Task RemoveNameAsync(ulong parent, string name, bool directory, CancellationToken ct)
    {
        var orphan = await RunAsync(mutates: true, async ct =>
        {
            if (name == ".") throw new FsException(Errno.EINVAL, "cannot remove '.'");
            if (name == "..") throw new FsException(directory ? Errno.ENOTEMPTY : Errno.EISDIR, "cannot remove '..'");
            var nameBytes = ValidateName(name);
            var parentRecord = await GetDirectoryAsync(parent, ct).ConfigureAwait(false);
            var item = await Directories.FindAsync(parent, nameBytes, ct).ConfigureAwait(false)
                ?? throw new FsException(Errno.ENOENT, $"'{name}' does not exist in directory {parent}");
            var ino = DirectoryTarget.Decode(item.Payload).Ino;
            var record = await Inodes.GetAsync(ino, ct).ConfigureAwait(false);
            var isDirectory = UnixMode.KindOf(record.Mode) == FileKind.Directory;
            if (directory && !isDirectory) throw new FsException(Errno.ENOTDIR, $"'{name}' is not a directory");
            if (!directory && isDirectory) throw new FsException(Errno.EISDIR, $"'{name}' is a directory");
            if (isDirectory && await Directories.AnyAsync(ino, ct).ConfigureAwait(false)) throw new FsException(Errno.ENOTEMPTY, $"directory '{name}' is not empty");
            await Directories.RemoveAsync(parent, item.Slot, ct).ConfigureAwait(false);
            if (isDirectory) parentRecord.Links--;
            Touch(parentRecord);
            await Inodes.PutAsync(parent, parentRecord, ct).ConfigureAwait(false);
            return await DropLinkAsync(ino, record, ct).ConfigureAwait(false) ? ino : 0UL;
        }, ct, frees: true).ConfigureAwait(false);
        if (orphan != 0) await FreeInodeAsync(orphan, ct).ConfigureAwait(false);
    }

    /// <summary>
    /// One name fewer. At zero the inode goes on the orphan list in this same transaction, so a
    /// crash before its blocks are freed leaves it for mount to finish. Returns whether the
    /// caller should free it now (nobody has it open).
    /// </summary>
    private async ValueTask<bool> DropLinkAsync(ulong ino, InodeRecord record, CancellationToken ct)
    {
        record.Links = UnixMode.KindOf(record.Mode) == FileKind.Directory ? 0 : record.Links - 1;
        Touch(record, modify: false);
        await Inodes.PutAsync(ino, record, ct).ConfigureAwait(false);
        if (record.Links > 0) return false;
        await Inodes.AddOrphanAsync(ino, ct).ConfigureAwait(false);
        return !_opens.ContainsKey(ino);
    }

    /// <summary>Counts an open reference; an unlinked file lives until the last one is released.</summary>
    public Task OpenAsync(ulong ino, CancellationToken ct = default) =>
        RunAsync(mutates: false, async ct =>
        {
            await Inodes.GetAsync(ino, ct).ConfigureAwait(false);
            _opens[ino] = _opens.GetValueOrDefault(ino) + 1;
        }, ct);

    public async Task ReleaseAsync(ulong ino, CancellationToken ct = default)
    {
        var free = await RunAsync(mutates: false, async ct =>
        {
            if (!_opens.TryGetValue(ino, out var count)) throw new FsException(Errno.EBADF, $"inode {ino} is not open");
            if (count > 1) { _opens[ino] = count - 1; return false; }
            _opens.Remove(ino);
            var record = await Inodes.TryGetAsync(ino, ct).ConfigureAwait(false);
            return record is { Links: 0 } && !ReadOnly && _failure is null;
        }, ct).ConfigureAwait(false);
        if (free) await FreeInodeAsync(ino, ct).ConfigureAwait(false);
    }

    /// <summary>
    /// Frees an orphan: its blocks in bounded steps (each step commits a consistent state), its
    /// xattrs, its record, and last its orphan entry. The file's lock keeps its own I/O out.
    /// </summary>
    private async Task FreeInodeAsync(ulong ino, CancellationToken ct)
    {
        await using var scope = await BreakLayoutAsync(ino, 0, long.MaxValue, nonBlocking: false, ct).ConfigureAwait(false);
        using var held = await LockInodeAsync(ino, ct).ConfigureAwait(false);
        await RunAsync(mutates: true, async ct =>
        {
            if (_opens.ContainsKey(ino)) return;
            var record = await Inodes.TryGetAsync(ino, ct).ConfigureAwait(false);
            if (record is null) { await Inodes.RemoveOrphanAsync(ino, ct).ConfigureAwait(false); return; }
            if (record.Links > 0)
            {
                // A stale orphan entry must not stop a mount: the inode is still named, so keep it.
                _logger?.LogWarning("inode {Ino} is on the orphan list but has {Links} links; dropping the entry", ino, record.Links);
                await Inodes.RemoveOrphanAsync(ino, ct).ConfigureAwait(false);
                return;
            }
            await FreeBlocksAsync(ino, record, 0, long.MaxValue / 2, ct).ConfigureAwait(false);
            foreach (var item in await Xattrs.ListAsync(ino, 0, int.MaxValue, ct).ConfigureAwait(false))
                await Xattrs.RemoveAsync(ino, item.Slot, ct).ConfigureAwait(false);
            await Inodes.DeleteAsync(ino, ct).ConfigureAwait(false);
            await Inodes.RemoveOrphanAsync(ino, ct).ConfigureAwait(false);
            _root.Inodes--;
            SaveRoot();
        }, ct, frees: true).ConfigureAwait(false);
    }

    private async ValueTask ReapOrphansAsync(CancellationToken ct)
    {
        var orphans = await RunAsync(mutates: false, ct => Inodes.OrphansAsync(ct), ct).ConfigureAwait(false);
        foreach (var ino in orphans) await FreeInodeAsync(ino, ct).ConfigureAwait(false);
    }
}
