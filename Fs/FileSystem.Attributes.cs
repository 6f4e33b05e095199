using Layered.BlockStack.Uring;
using Layered.Fs.Callouts;
using Layered.Fs.Format;
using Layered.Fs.Posix;

namespace Layered.Fs;

public sealed partial class FileSystem
{
    public Task<InodeAttributes> GetAttrAsync(ulong ino, CancellationToken ct = default) =>
        RunAsync(mutates: false, async () => ToAttributes(ino, await Inodes.GetAsync(ino, ct).ConfigureAwait(false)), ct);

    /// <summary>Changes what <paramref name="changes"/> names; a size change truncates or extends (holding the file's data lock).</summary>
    public async Task<InodeAttributes> SetAttrAsync(ulong ino, SetAttributes changes, CancellationToken ct = default)
    {
        if (changes.Size is { } size) CheckRange(size, 0);
        using var held = changes.Size is null ? default : await LockInodeAsync(ino, ct).ConfigureAwait(false);
        return await RunAsync(mutates: true, async () =>
        {
            var record = await Inodes.GetAsync(ino, ct).ConfigureAwait(false);
            if (changes.Size is { } newSize)
            {
                RequireRegular(ino, record);
                await TruncateAsync(ino, record, newSize, ct).ConfigureAwait(false);
            }
            var now = NowNs();
            if (changes.Mode is { } mode) record.Mode = (record.Mode & UnixMode.S_IFMT) | (mode & UnixMode.PermissionBits);
            if (changes.Uid is { } uid) record.Uid = uid;
            if (changes.Gid is { } gid) record.Gid = gid;
            if (changes.AccessNs is { } atime) record.AccessNs = atime == SetAttributes.Now ? now : atime;
            if (changes.ModifyNs is { } mtime) record.ModifyNs = mtime == SetAttributes.Now ? now : mtime;
            record.ChangeNs = changes.ChangeNs is { } ctime && ctime != SetAttributes.Now ? ctime : now;
            await Inodes.PutAsync(ino, record, ct).ConfigureAwait(false);
            return ToAttributes(ino, record);
        }, ct, frees: true).ConfigureAwait(false);
    }

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
        RunAsync(mutates: false, () =>
        {
            var total = _spaces.Sum(s => s.TotalBlocks);
            var free = _spaces.Sum(s => s.FreeBlocks);
            var available = Enumerable.Range(0, _spaces.Length).Sum(Allocatable);
            return ValueTask.FromResult(new FsStatistics(BlockSize, total, free, available, _root.Inodes, long.MaxValue / 2 - _root.Inodes, NameMax));
        }, ct);
}
