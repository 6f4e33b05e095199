using Layered.BlockStack.Uring;
using Layered.Fs.Allocation;
using Layered.Fs.Callouts;
using Layered.Fs.Format;
using Layered.Fs.Locking;

namespace Layered.Fs;

public sealed partial class FileSystem
{
    /// <summary>The largest file offset: 4 PiB, far inside what an extent key can name.</summary>
    public const long MaxFileBytes = 1L << 52;

    private const int FreeStepExtents = 128;

    /// <summary>Blocks one allocation step takes, so a huge fallocate commits in bounded transactions.</summary>
    private long AllocateStepBlocks => 8L * Allocation.VolumeSpace.BlocksCovered(BlockSize);
    private readonly AsyncReaderWriterLock[] _inodeLocks = [.. Enumerable.Range(0, 64).Select(_ => new AsyncReaderWriterLock())];

    /// <summary>
    /// The data lock of one file, held across its data I/O: shared by reads, exclusive for
    /// anything that writes or changes the mapping. Taken before the metadata lock, never after.
    /// </summary>
    private ValueTask<AsyncReaderWriterLock.Releaser> LockInodeAsync(ulong ino, CancellationToken ct, bool shared = false)
    {
        var gate = _inodeLocks[(int)(ino % (ulong)_inodeLocks.Length)];
        return shared ? gate.ReadAsync(ct) : gate.WriteAsync(ct);
    }

    /// <summary>Blocks of volume 0 that data may not take, so metadata can always grow a little.</summary>
    private long MetadataReserve => Math.Max(64, _spaces[0].TotalBlocks / 100);

    private long Allocatable(int volume) =>
        Math.Max(0, _spaces[volume].FreeBlocks - _spaces[volume].PendingBlocks - (volume == 0 ? MetadataReserve : 0));

    /// <summary>Where a file's new data may go: its placement, else every data volume, starting at one picked by the inode so files spread.</summary>
    private List<int> CandidateVolumes(ulong ino, InodeRecord record)
    {
        if (record.Placement >= 0) return [record.Placement];
        var data = Enumerable.Range(0, _spaces.Length).Where(i => Superblock.Volumes[i].HoldsData).ToList();
        if (data.Count == 0) data = [0];
        var first = (int)(ino % (ulong)data.Count);
        return [.. data.Skip(first), .. data.Take(first)];
    }

    /// <summary>
    /// Allocates every hole of [fileBlock, fileBlock+count) as Unwritten extents: all of it or
    /// (ENOSPC) none. A read sees zeros until the write that fills a block completes and converts it.
    /// </summary>
    private async ValueTask AllocateHolesAsync(ulong ino, InodeRecord record, long fileBlock, long count, CancellationToken ct)
    {
        var holes = (await Extents.MapAsync(ino, fileBlock, count, ct).ConfigureAwait(false)).Where(s => s.Type == IomapType.Hole).ToList();
        if (holes.Count == 0) return;
        var needed = holes.Sum(h => h.Count);
        var volumes = CandidateVolumes(ino, record);
        if (volumes.Sum(Allocatable) < needed && _spaces.Any(s => s.PendingBlocks > 0))
            await _cache.CheckpointAsync(ct).ConfigureAwait(false);
        if (volumes.Sum(Allocatable) < needed)
            throw new FsNoSpaceException($"{needed} blocks do not fit: {volumes.Sum(Allocatable)} are free where inode {ino} may place data");
        foreach (var hole in holes)
        {
            var at = hole.FileBlock;
            while (at < hole.FileEnd)
            {
                var (volume, goal) = await GoalAsync(ino, at, volumes, ct).ConfigureAwait(false);
                var take = Math.Min(Math.Min(hole.FileEnd - at, Allocatable(volume)), AllocateStepBlocks);
                if (take == 0) { volumes.Remove(volume); continue; }
                foreach (var extent in await _spaces[volume].AllocateManyAsync(goal, take, ct).ConfigureAwait(false))
                {
                    await Extents.InsertAsync(ino, at, new ExtentRecord(new BlockAddress(volume, extent.Start), extent.Count, Unwritten: true), ct).ConfigureAwait(false);
                    at += extent.Count;
                    record.Blocks += extent.Count;
                }
                await Inodes.PutAsync(ino, record, ct).ConfigureAwait(false);
                await StepAsync(ct).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Aim right after the file's previous extent when it is on an allowed volume, so the file stays contiguous.</summary>
    private async ValueTask<(int Volume, long Goal)> GoalAsync(ulong ino, long fileBlock, List<int> volumes, CancellationToken ct)
    {
        if (fileBlock > 0 && await Extents.BeforeAsync(ino, fileBlock - 1, ct).ConfigureAwait(false) is var (before, extent)
            && volumes.Contains(extent.Start.Volume) && Allocatable(extent.Start.Volume) > 0)
            return (extent.Start.Volume, (extent.Start.Block + (fileBlock - before)) % _spaces[extent.Start.Volume].TotalBlocks);
        var volume = volumes.FirstOrDefault(v => Allocatable(v) > 0, volumes[0]);
        var blocks = _spaces[volume].TotalBlocks;
        return (volume, (long)((ino * 0x9E3779B97F4A7C15UL) % (ulong)blocks));
    }

    /// <summary>
    /// Takes [start, start+count) out of the file and frees its blocks, in steps of a bounded
    /// number of extents; each step leaves a consistent state and may commit.
    /// </summary>
    private async ValueTask FreeBlocksAsync(ulong ino, InodeRecord record, long start, long count, CancellationToken ct)
    {
        while (true)
        {
            var removed = await Extents.RemoveAsync(ino, start, count, ct, FreeStepExtents).ConfigureAwait(false);
            foreach (var (_, extent) in removed)
            {
                await _spaces[extent.Start.Volume].FreeAsync(new BlockExtent(extent.Start.Block, extent.Count), ct).ConfigureAwait(false);
                record.Blocks -= extent.Count;
            }
            await Inodes.PutAsync(ino, record, ct).ConfigureAwait(false);
            if (removed.Count < FreeStepExtents) return;
            await StepAsync(ct).ConfigureAwait(false);
        }
    }

    private long BlockOf(long offset) => offset / BlockSize;

    private long BlocksCovering(long offset, long length) => length == 0 ? 0 : (offset + length + BlockSize - 1) / BlockSize - offset / BlockSize;

    private static void CheckRange(long offset, long length)
    {
        if (offset < 0 || length < 0) throw new FsException(Errno.EINVAL, $"offset {offset} and length {length} must not be negative");
        if (offset > MaxFileBytes || length > MaxFileBytes - offset) throw new FsException(Errno.EFBIG, $"offset {offset} + length {length} is past the largest file size, {MaxFileBytes}");
    }
}
