using Layered.Fs.Cache;
using Layered.Fs.Format;

namespace Layered.Fs.Allocation;

// Reading and changing the bitmap blocks (docs/format-bitmap.md). Bitmap block i covers volume
// blocks [i * BlocksCovered, (i + 1) * BlocksCovered); its body bit b is volume block
// i * BlocksCovered + b.
public sealed partial class VolumeSpace
{
    private BlockAddress BitmapAddress(long index) => new(Volume, Bitmap.Start + index);

    /// <summary>How many bits of bitmap block <paramref name="index"/> stand for real volume blocks.</summary>
    private int BlocksIn(long index) => (int)Math.Min(_blocksCovered, TotalBlocks - index * _blocksCovered);

    private async ValueTask<MetadataBlock> ReadBitmapBlockAsync(long index, CancellationToken ct)
    {
        var block = await _space.ReadAsync(BitmapAddress(index), MetadataKind.FreeSpaceBitmap, ct);
        // The header check cannot know which volume a bitmap describes; the owner field does.
        if (block.Owner != (ulong)Volume)
            throw new FsCorruptionException($"bitmap block {block.Address} belongs to volume {block.Owner}, expected {Volume}");
        return block;
    }

    /// <summary>Reads every bitmap block the extents touch. Nothing is changed until all have been read.</summary>
    private async ValueTask<Dictionary<long, MetadataBlock>> ReadCoveringAsync(IEnumerable<BlockExtent> extents, CancellationToken ct)
    {
        var blocks = new Dictionary<long, MetadataBlock>();
        foreach (var extent in extents)
            for (var index = extent.Start / _blocksCovered; index <= (extent.End - 1) / _blocksCovered; index++)
                if (!blocks.ContainsKey(index)) blocks[index] = await ReadBitmapBlockAsync(index, ct);
        return blocks;
    }

    /// <summary>The pieces of <paramref name="extent"/> that fall in each bitmap block, as bit ranges [From, To).</summary>
    private IEnumerable<(long Index, int From, int To)> Pieces(BlockExtent extent)
    {
        for (var index = extent.Start / _blocksCovered; index <= (extent.End - 1) / _blocksCovered; index++)
        {
            var first = index * _blocksCovered;
            yield return (index, (int)(Math.Max(extent.Start, first) - first), (int)(Math.Min(extent.End, first + _blocksCovered) - first));
        }
    }

    /// <summary>The first block of <paramref name="extent"/> whose bit equals <paramref name="value"/>, or null.</summary>
    private long? FindBit(Dictionary<long, MetadataBlock> blocks, BlockExtent extent, bool value)
    {
        foreach (var (index, from, to) in Pieces(extent))
        {
            var hit = BitmapBits.Next(blocks[index].Body, from, to, value);
            if (hit < to) return index * _blocksCovered + hit;
        }
        return null;
    }

    /// <summary>Sets the bits of <paramref name="extent"/> to <paramref name="value"/>. The blocks must already be dirty.</summary>
    private void WriteBits(Dictionary<long, MetadataBlock> blocks, BlockExtent extent, bool value)
    {
        foreach (var (index, from, to) in Pieces(extent))
            BitmapBits.Fill(blocks[index].Body, from, to - from, value);
    }

    private void DirtyAll(Dictionary<long, MetadataBlock> blocks)
    {
        foreach (var block in blocks.Values) _space.Dirty(block);
    }

    /// <summary>Reports every maximal run of blocks whose bit is <paramref name="used"/>, in order, reading the whole bitmap.</summary>
    private async ValueTask ScanRunsAsync(bool used, Action<BlockExtent> sink, CancellationToken ct)
    {
        long runStart = -1;
        for (long index = 0; index < Bitmap.Count; index++)
        {
            var block = await ReadBitmapBlockAsync(index, ct);
            runStart = ScanBlock(block.Body, index, used, runStart, sink);
        }
        if (runStart >= 0) sink(new BlockExtent(runStart, TotalBlocks - runStart));
    }

    /// <summary>
    /// Scans one bitmap block for runs of <paramref name="used"/> bits, continuing the run open
    /// since an earlier block (<paramref name="runStart"/>, or -1); returns the run still open.
    /// Bits past the end of the volume are not looked at.
    /// </summary>
    private long ScanBlock(ReadOnlySpan<byte> bits, long index, bool used, long runStart, Action<BlockExtent> sink)
    {
        var first = index * _blocksCovered;
        var limit = BlocksIn(index);
        var position = 0;
        while (position < limit)
        {
            if (runStart < 0)
            {
                position = BitmapBits.Next(bits, position, limit, used);
                if (position < limit) runStart = first + position;
            }
            else
            {
                position = BitmapBits.Next(bits, position, limit, !used);
                if (position < limit)
                {
                    sink(new BlockExtent(runStart, first + position - runStart));
                    runStart = -1;
                }
            }
        }
        return runStart;
    }
}
