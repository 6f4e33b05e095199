using Layered.Fs.Allocation;
using Layered.Fs.Cache;
using Layered.Fs.Format;

namespace Layered.Fs.Check;

/// <summary>
/// Reads one volume's free-space bitmap straight from its blocks (docs/format-bitmap.md), one
/// block at a time, so a damaged block hides only the blocks it covers: those are returned as
/// unknown and left out of the comparison with the references.
/// </summary>
internal static class BitmapReader
{
    public sealed record Result(List<BlockExtent> Used, List<BlockExtent> Unknown);

    public static async Task<Result> ReadAsync(MetadataCache cache, int volume, VolumeEntry entry, List<Finding> findings, CancellationToken ct)
    {
        var covered = VolumeSpace.BlocksCovered(cache.BlockSize);
        var count = VolumeSpace.BitmapBlocks(entry.Blocks, cache.BlockSize);
        var used = new List<BlockExtent>();
        var unknown = new List<BlockExtent>();
        for (long index = 0; index < count; index++)
        {
            ct.ThrowIfCancellationRequested();
            var first = index * covered;
            var limit = (int)Math.Min(covered, entry.Blocks - first);
            var address = new BlockAddress(volume, entry.BitmapStart.Block + index);
            var problem = default(string);
            MetadataBlock? block = null;
            try
            {
                block = await cache.ReadAsync(address, MetadataKind.FreeSpaceBitmap, ct).ConfigureAwait(false);
                if (block.Owner != (ulong)volume) problem = $"bitmap block {address} says it belongs to volume {block.Owner}";
            }
            catch (FsException e)
            {
                problem = e.Message;
            }
            if (problem is not null || block is null)
            {
                findings.Add(new Finding(new FsckProblem(ProblemKind.BitmapCorrupt,
                    $"bitmap block {address} (volume {volume} blocks [{first}, {first + limit})) is unusable: {problem}", false), null));
                Runs.Append(unknown, new BlockExtent(first, limit));
                continue;
            }
            AppendUsed(block.Body, first, limit, used);
            cache.Trim();
        }
        return new Result(used, unknown);
    }

    private static void AppendUsed(ReadOnlySpan<byte> bits, long first, int limit, List<BlockExtent> used)
    {
        var position = 0;
        while (position < limit)
        {
            var start = BitmapBits.NextSet(bits, position, limit);
            if (start >= limit) return;
            var end = BitmapBits.NextClear(bits, start, limit);
            Runs.Append(used, new BlockExtent(first + start, end - start));
            position = end;
        }
    }
}
