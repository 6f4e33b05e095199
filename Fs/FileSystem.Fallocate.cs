using Layered.BlockStack.Uring;
using Layered.Fs.Posix;

namespace Layered.Fs;

public sealed partial class FileSystem
{
    private const FallocateMode KnownFallocateModes = FallocateMode.KeepSize | FallocateMode.PunchHole | FallocateMode.ZeroRange;

    /// <summary>
    /// fallocate: the default mode and keep-size allocate holes as Unwritten; punch-hole frees
    /// whole blocks and zeroes partial ones; zero-range zeroes partial blocks and turns whole
    /// blocks Unwritten (allocating holes), so the range reads zeros and stays allocated. Punch
    /// and zero-range break the layout leases on the range first; allocating breaks read layouts.
    /// </summary>
    public async Task FallocateAsync(ulong ino, FallocateMode mode, long offset, long length, CancellationToken ct = default, bool nonBlocking = false)
    {
        if ((mode & ~KnownFallocateModes) != 0) throw new FsException(Errno.EOPNOTSUPP, $"fallocate mode {mode} is not supported");
        if (offset < 0 || length <= 0) throw new FsException(Errno.EINVAL, $"fallocate needs offset >= 0 and length > 0, not {offset} and {length}");
        var punch = mode.HasFlag(FallocateMode.PunchHole);
        var zero = mode.HasFlag(FallocateMode.ZeroRange);
        if (punch && zero) throw new FsException(Errno.EOPNOTSUPP, "punch-hole and zero-range do not combine");
        if (punch && !mode.HasFlag(FallocateMode.KeepSize)) throw new FsException(Errno.EOPNOTSUPP, "punch-hole needs keep-size");
        CheckRange(offset, length);
        await using var scope = punch || zero
            ? await BreakLayoutAsync(ino, offset, length, nonBlocking, ct).ConfigureAwait(false)
            : await BreakReadLayoutsAsync(ino, offset, length, null, ct).ConfigureAwait(false);
        using var held = await LockInodeAsync(ino, ct).ConfigureAwait(false);
        await RunAsync(mutates: true, async ct =>
        {
            var record = await Inodes.GetAsync(ino, ct).ConfigureAwait(false);
            if (UnixMode.KindOf(record.Mode) == FileKind.Directory) throw new FsException(Errno.EISDIR, $"inode {ino} is a directory");
            if (UnixMode.KindOf(record.Mode) != FileKind.Regular) throw new FsException(Errno.ENODEV, $"inode {ino} is not a regular file");
            var end = offset + length;
            var firstWhole = (offset + BlockSize - 1) / BlockSize;
            var endWhole = end / BlockSize;
            if (punch || zero)
            {
                await ZeroEdgesAsync(ino, offset, end, ct).ConfigureAwait(false);
                if (endWhole > firstWhole)
                {
                    if (punch) await FreeBlocksAsync(ino, record, firstWhole, endWhole - firstWhole, ct).ConfigureAwait(false);
                    else await Extents.SetUnwrittenAsync(ino, firstWhole, endWhole - firstWhole, unwritten: true, ct).ConfigureAwait(false);
                }
            }
            if (!punch) await AllocateHolesAsync(ino, record, BlockOf(offset), BlocksCovering(offset, length), ct).ConfigureAwait(false);
            if (!mode.HasFlag(FallocateMode.KeepSize) && end > record.Size) record.Size = end;
            Touch(record);
            await Inodes.PutAsync(ino, record, ct).ConfigureAwait(false);
        }, ct, frees: punch).ConfigureAwait(false);
    }

    /// <summary>Zeros the parts of [offset, end) that cover a block only partly.</summary>
    private async ValueTask ZeroEdgesAsync(ulong ino, long offset, long end, CancellationToken ct)
    {
        var headBlockEnd = (BlockOf(offset) + 1) * BlockSize;
        if (end <= headBlockEnd)
        {
            if (offset % BlockSize != 0 || end % BlockSize != 0) await ZeroInBlockAsync(ino, offset, end - offset, ct).ConfigureAwait(false);
            return;
        }
        if (offset % BlockSize != 0) await ZeroInBlockAsync(ino, offset, headBlockEnd - offset, ct).ConfigureAwait(false);
        if (end % BlockSize != 0) await ZeroInBlockAsync(ino, end - end % BlockSize, end % BlockSize, ct).ConfigureAwait(false);
    }

    /// <summary>SEEK_DATA and SEEK_HOLE. Unwritten extents count as holes (they read as zeros); the end of the file is a hole.</summary>
    public Task<long> SeekAsync(ulong ino, long offset, SeekWhence whence, CancellationToken ct = default) =>
        RunAsync(mutates: false, async ct =>
        {
            var record = await Inodes.GetAsync(ino, ct).ConfigureAwait(false);
            if (offset < 0) throw new FsException(Errno.EINVAL, $"offset {offset} is negative");
            if (offset >= record.Size) throw new FsException(Errno.ENXIO, $"offset {offset} is at or past the end of the file ({record.Size})");
            if (whence == SeekWhence.Data)
            {
                var block = await Extents.NextDataAsync(ino, BlockOf(offset), ct).ConfigureAwait(false);
                var position = block is { } b ? Math.Max(offset, b * BlockSize) : long.MaxValue;
                if (position >= record.Size) throw new FsException(Errno.ENXIO, $"no data at or after offset {offset}");
                return position;
            }
            var hole = await Extents.NextHoleAsync(ino, BlockOf(offset), ct).ConfigureAwait(false);
            return Math.Min(record.Size, Math.Max(offset, hole * BlockSize));
        }, ct);
}
