using Layered.Fs.Callouts;
using Layered.Fs.Format;
using Layered.Fs.Trees;

namespace Layered.Fs.Extents;

/// <summary>
/// The extent tree: each file's extents under key (ino, first file block), never overlapping,
/// merged with a neighbour when both file and device blocks continue it. Everything that changes
/// a mapping is built from two moves: remove a file range (splitting the extents at its edges)
/// and insert an extent (merging).
/// </summary>
public sealed class ExtentMap(BTree tree)
{
    public BTree Tree { get; } = tree;

    /// <summary>The extents overlapping [start, start+count), in file order, as stored (not clipped).</summary>
    public async ValueTask<List<(long FileBlock, ExtentRecord Extent)>> OverlappingAsync(ulong ino, long start, long count, CancellationToken ct, int max = int.MaxValue)
    {
        var found = new List<(long, ExtentRecord)>();
        var end = start + count;
        if (await Tree.FloorAsync(new TreeKey(ino, (ulong)start), ct).ConfigureAwait(false) is { } floor && floor.Key.Hi == ino)
        {
            var extent = Decode(floor);
            if ((long)floor.Key.Lo + extent.Count > start) found.Add(((long)floor.Key.Lo, extent));
        }
        if (end > start + 1 && found.Count < max)
        {
            var items = await Tree.ScanAsync(new TreeKey(ino, (ulong)start + 1), new TreeKey(ino, (ulong)end), max - found.Count, ct).ConfigureAwait(false);
            foreach (var item in items) found.Add(((long)item.Key.Lo, Decode(item)));
        }
        return found;
    }

    /// <summary>What backs each block of [start, start+count): holes and extents, clipped to the range.</summary>
    public async ValueTask<List<FileSegment>> MapAsync(ulong ino, long start, long count, CancellationToken ct)
    {
        var segments = new List<FileSegment>();
        var at = start;
        var end = start + count;
        foreach (var (fileBlock, extent) in await OverlappingAsync(ino, start, count, ct).ConfigureAwait(false))
        {
            if (fileBlock > at) segments.Add(new FileSegment(at, fileBlock - at, IomapType.Hole, default));
            var from = Math.Max(at, fileBlock);
            var to = Math.Min(end, fileBlock + extent.Count);
            var type = extent.Unwritten ? IomapType.Unwritten : IomapType.Mapped;
            segments.Add(new FileSegment(from, to - from, type, extent.Start with { Block = extent.Start.Block + (from - fileBlock) }));
            at = to;
        }
        if (at < end) segments.Add(new FileSegment(at, end - at, IomapType.Hole, default));
        return segments;
    }

    /// <summary>The extent at or before <paramref name="fileBlock"/>, if the file has one: where to aim an allocation so the file stays contiguous.</summary>
    public async ValueTask<(long FileBlock, ExtentRecord Extent)?> BeforeAsync(ulong ino, long fileBlock, CancellationToken ct)
    {
        if (await Tree.FloorAsync(new TreeKey(ino, (ulong)fileBlock), ct).ConfigureAwait(false) is { } floor && floor.Key.Hi == ino)
            return ((long)floor.Key.Lo, Decode(floor));
        return null;
    }

    /// <summary>Adds an extent over a range that holds none, merging with neighbours that continue it.</summary>
    public async ValueTask InsertAsync(ulong ino, long fileBlock, ExtentRecord extent, CancellationToken ct)
    {
        if (fileBlock > 0 && await BeforeAsync(ino, fileBlock - 1, ct).ConfigureAwait(false) is var (leftBlock, left)
            && leftBlock + left.Count == fileBlock && Continues(left, extent))
        {
            fileBlock = leftBlock;
            extent = left with { Count = left.Count + extent.Count };
        }
        var rightKey = new TreeKey(ino, (ulong)(fileBlock + extent.Count));
        if (await Tree.GetAsync(rightKey, ct).ConfigureAwait(false) is { } rightValue)
        {
            var right = Decode(new TreeItem(rightKey, rightValue));
            if (Continues(extent, right))
            {
                await Tree.DeleteAsync(rightKey, ct).ConfigureAwait(false);
                extent = extent with { Count = extent.Count + right.Count };
            }
        }
        await Tree.PutAsync(new TreeKey(ino, (ulong)fileBlock), extent.Encode(), ct).ConfigureAwait(false);
    }

    /// <summary>
    /// Takes [start, start+count) out of the file's map, splitting extents at the edges, and
    /// returns the pieces removed (their device blocks are the caller's to free or reinsert).
    /// At most <paramref name="maxExtents"/> stored extents are touched, so huge ranges go in steps;
    /// the returned pieces say how far it got.
    /// </summary>
    public async ValueTask<List<(long FileBlock, ExtentRecord Extent)>> RemoveAsync(ulong ino, long start, long count, CancellationToken ct, int maxExtents = int.MaxValue)
    {
        var end = start + count;
        var removed = new List<(long, ExtentRecord)>();
        foreach (var (fileBlock, extent) in await OverlappingAsync(ino, start, count, ct, maxExtents).ConfigureAwait(false))
        {
            await Tree.DeleteAsync(new TreeKey(ino, (ulong)fileBlock), ct).ConfigureAwait(false);
            var extentEnd = fileBlock + extent.Count;
            if (fileBlock < start)
                await Tree.PutAsync(new TreeKey(ino, (ulong)fileBlock), (extent with { Count = start - fileBlock }).Encode(), ct).ConfigureAwait(false);
            if (extentEnd > end)
                await Tree.PutAsync(new TreeKey(ino, (ulong)end), Slice(extent, fileBlock, end, extentEnd).Encode(), ct).ConfigureAwait(false);
            var from = Math.Max(start, fileBlock);
            var to = Math.Min(end, extentEnd);
            removed.Add((from, Slice(extent, fileBlock, from, to)));
        }
        return removed;
    }

    /// <summary>Marks [start, start+count) written or unwritten; holes stay holes and no device block moves.</summary>
    public async ValueTask SetUnwrittenAsync(ulong ino, long start, long count, bool unwritten, CancellationToken ct)
    {
        var pieces = await RemoveAsync(ino, start, count, ct).ConfigureAwait(false);
        foreach (var (fileBlock, extent) in pieces)
            await InsertAsync(ino, fileBlock, extent with { Unwritten = unwritten }, ct).ConfigureAwait(false);
    }

    /// <summary>The first block at or after <paramref name="fileBlock"/> backed by written data, or null.</summary>
    public async ValueTask<long?> NextDataAsync(ulong ino, long fileBlock, CancellationToken ct)
    {
        var at = fileBlock;
        while (true)
        {
            var batch = await OverlappingAsync(ino, at, long.MaxValue / 2 - at, ct, 64).ConfigureAwait(false);
            if (batch.Count == 0) return null;
            foreach (var (start, extent) in batch)
                if (!extent.Unwritten) return Math.Max(start, at);
            var (lastStart, last) = batch[^1];
            at = lastStart + last.Count;
        }
    }

    /// <summary>The first block at or after <paramref name="fileBlock"/> not backed by written data.</summary>
    public async ValueTask<long> NextHoleAsync(ulong ino, long fileBlock, CancellationToken ct)
    {
        var at = fileBlock;
        while (true)
        {
            var batch = await OverlappingAsync(ino, at, long.MaxValue / 2 - at, ct, 64).ConfigureAwait(false);
            foreach (var (start, extent) in batch)
            {
                if (start > at || extent.Unwritten) return at;
                at = start + extent.Count;
            }
            if (batch.Count < 64) return at;
        }
    }

    /// <summary>Every extent of the file (fsck, get-bdevs).</summary>
    public async ValueTask<List<(long FileBlock, ExtentRecord Extent)>> AllAsync(ulong ino, CancellationToken ct) =>
        (await Tree.ScanAsync(new TreeKey(ino, 0), new TreeKey(ino + 1, 0), int.MaxValue, ct).ConfigureAwait(false))
            .ConvertAll(i => ((long)i.Key.Lo, Decode(i)));

    private static bool Continues(ExtentRecord left, ExtentRecord right) =>
        left.Unwritten == right.Unwritten && left.Start.Volume == right.Start.Volume && left.Start.Block + left.Count == right.Start.Block;

    private static ExtentRecord Slice(ExtentRecord extent, long extentFileBlock, long from, long to) =>
        extent with { Start = extent.Start with { Block = extent.Start.Block + (from - extentFileBlock) }, Count = to - from };

    private static ExtentRecord Decode(TreeItem item) =>
        ExtentRecord.Decode(item.Value) ?? throw new FsCorruptionException($"extent record {item.Key.Hi}:{item.Key.Lo} is malformed");
}
