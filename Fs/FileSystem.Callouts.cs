using Layered.BlockStack;
using Layered.BlockStack.Uring;
using Layered.Fs.Callouts;
using Layered.Fs.Posix;
using Layered.Leases;

namespace Layered.Fs;

public sealed partial class FileSystem
{
    /// <summary>The most extents one map call returns; callers loop for the rest.</summary>
    public const int MaxMapExtents = 256;

    /// <summary>get-bdevs: the volumes a file's data lives on or may be placed on.</summary>
    public Task<IReadOnlyList<IBlockDevice>> GetBdevsAsync(ulong ino, CancellationToken ct = default) =>
        RunAsync<IReadOnlyList<IBlockDevice>>(mutates: false, async ct =>
        {
            var record = await Inodes.GetAsync(ino, ct).ConfigureAwait(false);
            var volumes = new SortedSet<int>(CandidateVolumes(ino, record));
            if (record.Placement < 0) volumes.UnionWith(Enumerable.Range(0, Volumes.Count).Where(i => Superblock.Volumes[i].HoldsData));
            foreach (var (_, extent) in await Extents.AllAsync(ino, ct).ConfigureAwait(false)) volumes.Add(extent.Start.Volume);
            return [.. volumes.Select(i => Volumes[i])];
        }, ct);

    /// <summary>
    /// map: what backs [offset, offset+length) of a file, as block-aligned extents with device
    /// sectors. A write intent first allocates the holes as Unwritten; the caller writes, then
    /// calls <see cref="CompleteWriteAsync"/> to convert them. The answer may stop short of the
    /// range (at most <see cref="MaxMapExtents"/> extents); callers loop.
    /// </summary>
    public Task<IReadOnlyList<IomapExtent>> MapAsync(ulong ino, long offset, long length, MapIntent intent, CancellationToken ct = default) =>
        MapAsync(ino, offset, length, intent, holder: null, ct);

    /// <summary>
    /// Map on behalf of a lease holder, whose own layout a write intent does not break. With
    /// <paramref name="nonBlockingBreak"/>, a write intent that would have to wait to break read
    /// layouts fails with EAGAIN instead: a holder with I/O in flight must not queue behind a
    /// breaker that is waiting for that very I/O to drain.
    /// </summary>
    public async Task<IReadOnlyList<IomapExtent>> MapAsync(ulong ino, long offset, long length, MapIntent intent, ILeaseHolder? holder, CancellationToken ct = default, bool nonBlockingBreak = false)
    {
        CheckRange(offset, length);
        if (length == 0) return [];
        await using var scope = intent == MapIntent.Write ? await BreakReadLayoutsAsync(ino, offset, length, holder, ct, nonBlockingBreak).ConfigureAwait(false) : null;
        using var held = intent == MapIntent.Write ? await LockInodeAsync(ino, ct).ConfigureAwait(false) : default;
        return await RunAsync<IReadOnlyList<IomapExtent>>(mutates: intent == MapIntent.Write, async ct =>
        {
            var record = await Inodes.GetAsync(ino, ct).ConfigureAwait(false);
            if (UnixMode.KindOf(record.Mode) == FileKind.Symlink)
                return [new IomapExtent(0, record.Size, IomapType.Inline, null, -1, 0, 0)];
            RequireRegular(ino, record);
            // AllocateHolesAsync stores the record after every step it allocates.
            if (intent == MapIntent.Write)
                await AllocateHolesAsync(ino, record, BlockOf(offset), BlocksCovering(offset, length), ct).ConfigureAwait(false);
            var segments = await Extents.MapAsync(ino, BlockOf(offset), BlocksCovering(offset, length), ct).ConfigureAwait(false);
            var extents = new List<IomapExtent>(Math.Min(segments.Count, MaxMapExtents));
            foreach (var segment in segments.Take(MaxMapExtents))
            {
                if (segment.Type == IomapType.Hole)
                {
                    extents.Add(new IomapExtent(segment.FileBlock * BlockSize, segment.Count * BlockSize, IomapType.Hole, null, -1, 0, 0));
                    continue;
                }
                var device = Volumes[segment.Start.Volume];
                var sectorsPerBlock = BlockSize / device.SectorSize;
                extents.Add(new IomapExtent(segment.FileBlock * BlockSize, segment.Count * BlockSize, segment.Type, device, segment.Start.Volume,
                    segment.Start.Block * sectorsPerBlock, segment.Count * sectorsPerBlock));
            }
            return extents;
        }, ct).ConfigureAwait(false);
    }

    /// <summary>Breaks the read layouts of other holders on a range and lets go at once: a holder's way to clear the path before it retries a non-blocking map.</summary>
    public async Task ClearReadLayoutsAsync(ulong ino, long offset, long length, ILeaseHolder except, CancellationToken ct = default)
    {
        await using var scope = await BreakReadLayoutsAsync(ino, offset, length, except, ct, nonBlocking: false).ConfigureAwait(false);
    }

    /// <summary>
    /// After a direct write to [offset, offset+length) completed: Unwritten extents there become
    /// Mapped and the size covers the range. With <paramref name="lease"/>, the conversion happens
    /// only while that lease still stands, checked under the file's lock: once it is fenced, the
    /// range may already belong to another writer whose data has not landed yet (ESTALE).
    /// </summary>
    public async Task CompleteWriteAsync(ulong ino, long offset, long length, CancellationToken ct = default, LayoutLease? lease = null)
    {
        CheckRange(offset, length);
        if (length == 0) return;
        using var held = await LockInodeAsync(ino, ct).ConfigureAwait(false);
        await RunAsync(mutates: true, async ct =>
        {
            if (lease is { State: not (LeaseState.Active or LeaseState.Recalled) })
                throw new FsException(Errno.ESTALE, $"inode {ino}: {lease} no longer covers the write");
            RequireRegular(ino, await Inodes.GetAsync(ino, ct).ConfigureAwait(false));
            await FinishWriteAsync(ino, offset, length, PrivilegeDrop.None, ct).ConfigureAwait(false);
        }, ct).ConfigureAwait(false);
    }
}
