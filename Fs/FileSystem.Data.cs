using System.Runtime.InteropServices;
using Layered.BlockStack;
using Layered.BlockStack.Buffers;
using Layered.BlockStack.Uring;
using Layered.Fs.Callouts;
using Layered.Fs.Extents;
using Layered.Fs.Format;
using Layered.Fs.Posix;
using Layered.Fs.Volumes;

namespace Layered.Fs;

public sealed partial class FileSystem
{
    private const int BounceBytes = 1 << 20;
    private readonly AlignedBufferPool _bounce = new(BounceBytes, maxKept: 16);
    private long _directTransfers;

    /// <summary>Segment transfers that went straight between the caller's memory and the device (no bounce copy).</summary>
    internal long DirectTransfers => Interlocked.Read(ref _directTransfers);

    /// <summary>Reads up to <paramref name="buffer"/>.Length bytes; short at end of file. Holes and unwritten extents read as zeros.</summary>
    public async Task<int> ReadAsync(ulong ino, long offset, Memory<byte> buffer, CancellationToken ct = default)
    {
        CheckRange(offset, buffer.Length);
        using var held = await LockInodeAsync(ino, ct, shared: true).ConfigureAwait(false);
        var (length, segments) = await RunAsync(mutates: false, async ct =>
        {
            var record = await Inodes.GetAsync(ino, ct).ConfigureAwait(false);
            RequireRegular(ino, record);
            var length = (int)Math.Clamp(record.Size - offset, 0, buffer.Length);
            if (length == 0) return (0, new List<FileSegment>());
            return (length, await Extents.MapAsync(ino, BlockOf(offset), BlocksCovering(offset, length), ct).ConfigureAwait(false));
        }, ct).ConfigureAwait(false);
        await ReadSegmentsAsync(segments, offset, buffer[..length], ct).ConfigureAwait(false);
        return length;
    }

    /// <summary>
    /// Writes at <paramref name="offset"/>. Holes are first allocated as Unwritten, the data goes
    /// to the devices, and only then do the extents convert and the size grow, so a commit at any
    /// moment exposes either zeros or the new data, never a block's old contents.
    /// </summary>
    /// <param name="drop">Privileges the write takes away (see <see cref="PrivilegeDrop"/>); none unless the caller asks.</param>
    public async Task<int> WriteAsync(ulong ino, long offset, ReadOnlyMemory<byte> data, CancellationToken ct = default, PrivilegeDrop drop = PrivilegeDrop.None)
    {
        CheckRange(offset, data.Length);
        if (data.Length == 0) return 0;
        if (await TryOverwriteAsync(ino, offset, data, drop, ct).ConfigureAwait(false)) return data.Length;
        await using var scope = await BreakReadLayoutsAsync(ino, offset, data.Length, null, ct).ConfigureAwait(false);
        using var held = await LockInodeAsync(ino, ct).ConfigureAwait(false);
        var segments = await RunAsync(mutates: true, async ct =>
        {
            var record = await Inodes.GetAsync(ino, ct).ConfigureAwait(false);
            RequireRegular(ino, record);
            await AllocateHolesAsync(ino, record, BlockOf(offset), BlocksCovering(offset, data.Length), ct).ConfigureAwait(false);
            return await Extents.MapAsync(ino, BlockOf(offset), BlocksCovering(offset, data.Length), ct).ConfigureAwait(false);
        }, ct).ConfigureAwait(false);
        await WriteSegmentsAsync(segments, offset, data, ct).ConfigureAwait(false);
        // The file's lock is held throughout, so the mapping the data went to is still the file's.
        await RunAsync(mutates: true, ct => FinishWriteAsync(ino, offset, data.Length, drop, ct, segments), ct).ConfigureAwait(false);
        return data.Length;
    }

    /// <summary>
    /// The fast path for whole blocks that are already written: no mapping changes, so no lease
    /// breaks and only the shared file lock, and writers of one file run in parallel. Partial
    /// blocks take the exclusive path, whose read-modify-write must not interleave.
    /// </summary>
    private async ValueTask<bool> TryOverwriteAsync(ulong ino, long offset, ReadOnlyMemory<byte> data, PrivilegeDrop drop, CancellationToken ct)
    {
        if (offset % BlockSize != 0 || data.Length % BlockSize != 0) return false;
        using var held = await LockInodeAsync(ino, ct, shared: true).ConfigureAwait(false);
        var segments = await RunAsync<List<FileSegment>?>(mutates: false, async ct =>
        {
            var record = await Inodes.GetAsync(ino, ct).ConfigureAwait(false);
            RequireRegular(ino, record);
            if (offset + data.Length > record.Size) return null;
            var mapped = await Extents.MapAsync(ino, BlockOf(offset), BlocksCovering(offset, data.Length), ct).ConfigureAwait(false);
            return mapped.TrueForAll(s => s.Type == IomapType.Mapped) ? mapped : null;
        }, ct).ConfigureAwait(false);
        if (segments is null) return false;
        await WriteSegmentsAsync(segments, offset, data, ct).ConfigureAwait(false);
        await RunAsync(mutates: true, async ct =>
        {
            var record = await Inodes.GetAsync(ino, ct).ConfigureAwait(false);
            var moved = TouchByWrite(ino, record);
            if (await DropPrivilegesAsync(ino, record, drop, ct).ConfigureAwait(false) || moved)
                await Inodes.PutAsync(ino, record, ct).ConfigureAwait(false);
        }, ct).ConfigureAwait(false);
        return true;
    }

    /// <summary>
    /// After data landed in [offset, offset+length): its extents become Mapped, the size covers it,
    /// mtime moves. <paramref name="mapped"/> is the range's mapping when the caller has held the
    /// file's lock since it mapped the range; otherwise it is mapped here.
    /// </summary>
    private async ValueTask FinishWriteAsync(ulong ino, long offset, long length, PrivilegeDrop drop, CancellationToken ct, List<FileSegment>? mapped = null)
    {
        var record = await Inodes.GetAsync(ino, ct).ConfigureAwait(false);
        var segments = mapped ?? await Extents.MapAsync(ino, BlockOf(offset), BlocksCovering(offset, length), ct).ConfigureAwait(false);
        foreach (var segment in segments.Where(s => s.Type == IomapType.Unwritten))
            await Extents.SetUnwrittenAsync(ino, segment.FileBlock, segment.Count, unwritten: false, ct).ConfigureAwait(false);
        record.Size = Math.Max(record.Size, offset + length);
        Touch(record);
        await DropPrivilegesAsync(ino, record, drop, ct).ConfigureAwait(false);
        await Inodes.PutAsync(ino, record, ct).ConfigureAwait(false);
    }

    private static void RequireRegular(ulong ino, InodeRecord record)
    {
        var kind = UnixMode.KindOf(record.Mode);
        if (kind == FileKind.Directory) throw new FsException(Errno.EISDIR, $"inode {ino} is a directory");
        if (kind != FileKind.Regular) throw new FsException(Errno.EINVAL, $"inode {ino} is a {kind}, which holds no data");
    }

    /// <summary>Copies the file range [offset, offset+buffer.Length) out of its segments.</summary>
    private async ValueTask ReadSegmentsAsync(List<FileSegment> segments, long offset, Memory<byte> buffer, CancellationToken ct)
    {
        var end = offset + buffer.Length;
        foreach (var segment in segments)
        {
            var from = Math.Max(offset, segment.FileBlock * BlockSize);
            var to = Math.Min(end, segment.FileEnd * BlockSize);
            if (from >= to) continue;
            var target = buffer[(int)(from - offset)..(int)(to - offset)];
            if (segment.Type != IomapType.Mapped) { target.Span.Clear(); continue; }
            await TransferAsync(segment, from, target, null, ct).ConfigureAwait(false);
        }
    }

    private async ValueTask WriteSegmentsAsync(List<FileSegment> segments, long offset, ReadOnlyMemory<byte> data, CancellationToken ct)
    {
        var end = offset + data.Length;
        foreach (var segment in segments)
        {
            var from = Math.Max(offset, segment.FileBlock * BlockSize);
            var to = Math.Min(end, segment.FileEnd * BlockSize);
            if (from >= to) continue;
            if (segment.Type == IomapType.Hole) throw new InvalidOperationException($"write into a hole at block {segment.FileBlock} that was just allocated");
            await TransferAsync(segment, from, default, data[(int)(from - offset)..(int)(to - offset)], ct).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Moves bytes between a caller buffer and the blocks of one Mapped or Unwritten segment,
    /// in transfers no larger than the device takes. Whole blocks to or from caller memory the
    /// device can use as it is (a sector-aligned address, e.g. a FUSE payload buffer) go straight
    /// to the device; anything else goes through aligned bounce buffers, and a write that covers
    /// part of a block fills the rest from disk (Mapped) or with zeros (Unwritten).
    /// </summary>
    private async ValueTask TransferAsync(FileSegment segment, long from, Memory<byte> readInto, ReadOnlyMemory<byte> writeFrom, CancellationToken ct)
    {
        var writing = readInto.IsEmpty;
        var length = writing ? writeFrom.Length : readInto.Length;
        var device = Volumes[segment.Start.Volume];
        var sectorsPerBlock = BlockSize / device.SectorSize;
        if (from % BlockSize == 0 && length % BlockSize == 0)
        {
            // Held across the I/O, so a managed array cannot move between this check and the device's own pin.
            using var pin = writing ? writeFrom.Pin() : readInto.Pin();
            if (PinnedAlignment.IsAligned(pin, device.SectorSize))
            {
                ct.ThrowIfCancellationRequested();
                Interlocked.Increment(ref _directTransfers);
                var sector = segment.At(from / BlockSize).Block * sectorsPerBlock;
                await (writing ? DeviceIoAsync(device, sector, MemoryMarshal.AsMemory(writeFrom), write: true) : DeviceIoAsync(device, sector, readInto, write: false)).ConfigureAwait(false);
                return;
            }
        }
        var chunkBlocks = Math.Max(1, Math.Min(BounceBytes, device.MaxTransferBytes) / BlockSize);
        var buffer = _bounce.Rent();
        try
        {
            var done = 0L;
            while (done < length)
            {
                ct.ThrowIfCancellationRequested();
                var at = from + done;
                var firstBlock = at / BlockSize;
                var blocks = Math.Min(chunkBlocks, (from + length + BlockSize - 1) / BlockSize - firstBlock);
                var skip = (int)(at - firstBlock * BlockSize);
                var take = (int)Math.Min(length - done, blocks * BlockSize - skip);
                var span = buffer.Memory[..(int)(blocks * BlockSize)];
                var sector = segment.At(firstBlock).Block * sectorsPerBlock;
                if (writing)
                {
                    if (skip > 0) await FillBlockAsync(segment, device, sector, span[..BlockSize]).ConfigureAwait(false);
                    var tail = (skip + take) % BlockSize;
                    if (tail != 0 && (blocks > 1 || skip == 0))
                        await FillBlockAsync(segment, device, sector + (blocks - 1) * sectorsPerBlock, span[(int)((blocks - 1) * BlockSize)..]).ConfigureAwait(false);
                    writeFrom.Slice((int)done, take).CopyTo(span[skip..]);
                    await DeviceIoAsync(device, sector, span, write: true).ConfigureAwait(false);
                }
                else
                {
                    await DeviceIoAsync(device, sector, span, write: false).ConfigureAwait(false);
                    span.Slice(skip, take).CopyTo(readInto[(int)done..]);
                }
                done += take;
            }
        }
        finally
        {
            _bounce.Return(buffer);
        }
    }

    /// <summary>The bytes of a block a write covers only in part: what is on disk, or zeros for a block never written.</summary>
    private static ValueTask FillBlockAsync(FileSegment segment, IBlockDevice device, long sector, Memory<byte> block)
    {
        if (segment.Type == IomapType.Mapped) return DeviceIoAsync(device, sector, block, write: false);
        block.Span.Clear();
        return ValueTask.CompletedTask;
    }

    private static ValueTask DeviceIoAsync(IBlockDevice device, long sector, Memory<byte> span, bool write) =>
        write ? DeviceIo.WriteAsync(device, sector * device.SectorSize, span, "writing file data", CancellationToken.None)
              : DeviceIo.ReadAsync(device, sector * device.SectorSize, span, "reading file data", CancellationToken.None);
}
