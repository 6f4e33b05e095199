using Layered.BlockStack.Uring;
using Layered.Fs.Callouts;
using Layered.Fs.Format;
using Layered.Fs.Posix;

namespace Layered.Fs;

public sealed partial class FileSystem
{
    public Task<InodeAttributes> GetAttrAsync(ulong ino, CancellationToken ct = default) =>
        RunAsync(mutates: false, async ct => ToAttributes(ino, await Inodes.GetAsync(ino, ct).ConfigureAwait(false)), ct);

    /// <summary>Changes what <paramref name="changes"/> names; a size change truncates or extends (holding the file's data lock).</summary>
    /// <summary>
    /// Changes what <paramref name="changes"/> names. Shrinking breaks the layout leases past the
    /// new end first (EAGAIN instead of waiting when <paramref name="nonBlocking"/>), then
    /// truncates holding the file's data lock.
    /// </summary>
    public async Task<InodeAttributes> SetAttrAsync(ulong ino, SetAttributes changes, CancellationToken ct = default, bool nonBlocking = false)
    {
        if (changes.Size is not { } size) return await SetAttrLockedAsync(ino, changes, null, ct).ConfigureAwait(false);
        CheckRange(size, 0);
        for (var attempt = 0; ; attempt++)
        {
            var current = (await GetAttrAsync(ino, ct).ConfigureAwait(false)).Size;
            await using var scope = size < current || attempt > 0 ? await BreakLayoutAsync(ino, size, long.MaxValue - size, nonBlocking, ct).ConfigureAwait(false) : null;
            using var held = await LockInodeAsync(ino, ct).ConfigureAwait(false);
            try
            {
                return await SetAttrLockedAsync(ino, changes, scope is null ? current : null, ct).ConfigureAwait(false);
            }
            catch (FsException error) when (error.Errno == Errno.EAGAIN && scope is null)
            {
                // The file grew past the new size between the look and the lock: go round again, breaking this time.
            }
        }
    }

    private Task<InodeAttributes> SetAttrLockedAsync(ulong ino, SetAttributes changes, long? unbrokenAbove, CancellationToken ct) =>
        RunAsync(mutates: true, async ct =>
        {
            var record = await Inodes.GetAsync(ino, ct).ConfigureAwait(false);
            if (changes.Size is { } newSize)
            {
                RequireRegular(ino, record);
                // Grown since the size was read, with no break taken: blocks under leases would be freed.
                if (unbrokenAbove is { } seen && newSize < record.Size && record.Size > seen)
                    throw new FsException(Errno.EAGAIN, $"inode {ino} grew from {seen} to {record.Size} bytes while its truncate was starting; try again");
                await TruncateAsync(ino, record, newSize, ct).ConfigureAwait(false);
            }
            var now = NowNs();
            if (changes.Mode is { } mode) record.Mode = (record.Mode & UnixMode.S_IFMT) | (mode & UnixMode.PermissionBits);
            if (changes.Uid is { } uid) record.Uid = uid;
            if (changes.Gid is { } gid) record.Gid = gid;
            if (changes.AccessNs is { } atime) record.AccessNs = atime == SetAttributes.Now ? now : atime;
            if (changes.ModifyNs is { } mtime) record.ModifyNs = mtime == SetAttributes.Now ? now : mtime;
            await DropPrivilegesAsync(ino, record, changes.Drop, ct).ConfigureAwait(false);
            record.ChangeNs = changes.ChangeNs is { } ctime && ctime != SetAttributes.Now ? ctime : now;
            await Inodes.PutAsync(ino, record, ct).ConfigureAwait(false);
            return ToAttributes(ino, record);
        }, ct, frees: true);

    /// <summary>
    /// Sets the size. Shrinking frees whole blocks past the end and zeroes the rest of the last
    /// block on disk, so growing again later reads zeros there, not the old bytes.
    /// </summary>
    private async ValueTask TruncateAsync(ulong ino, InodeRecord record, long newSize, CancellationToken ct)
    {
        if (newSize < record.Size)
        {
            record.Size = newSize;
            await Inodes.PutAsync(ino, record, ct).ConfigureAwait(false);
            if (newSize % BlockSize != 0) await ZeroInBlockAsync(ino, newSize, BlockSize - (int)(newSize % BlockSize), ct).ConfigureAwait(false);
            var keep = BlocksCovering(0, newSize);
            await FreeBlocksAsync(ino, record, keep, MaxFileBytes / BlockSize - keep, ct).ConfigureAwait(false);
        }
        record.Size = newSize;
        Touch(record);
    }

    /// <summary>Writes zeros over [offset, offset+length), which lies inside one block, when that block is Mapped.</summary>
    private async ValueTask ZeroInBlockAsync(ulong ino, long offset, long length, CancellationToken ct)
    {
        if (length <= 0) return;
        var segment = (await Extents.MapAsync(ino, BlockOf(offset), 1, ct).ConfigureAwait(false))[0];
        if (segment.Type != IomapType.Mapped) return;
        await TransferAsync(segment, offset, default, new byte[length], ct).ConfigureAwait(false);
    }

    public Task<FsStatistics> StatFsAsync(CancellationToken ct = default) =>
        RunAsync(mutates: false, ct =>
        {
            var total = _spaces.Sum(s => s.TotalBlocks);
            var free = _spaces.Sum(s => s.FreeBlocks);
            var available = Enumerable.Range(0, _spaces.Length).Sum(Allocatable);
            return ValueTask.FromResult(new FsStatistics(BlockSize, total, free, available, _root.Inodes, long.MaxValue / 2 - _root.Inodes, NameMax));
        }, ct);
}
