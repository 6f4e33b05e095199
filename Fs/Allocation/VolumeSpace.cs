using Layered.Fs.Cache;
using Layered.Fs.Format;

namespace Layered.Fs.Allocation;

/// <summary>
/// Free-space management for one volume. The truth is the volume's bitmap (one bit per block,
/// 1 = in use) kept in consecutive <see cref="MetadataKind.FreeSpaceBitmap"/> blocks at a fixed
/// place and changed only through <see cref="IMetadataSpace"/>, so the caller's transaction
/// journals every change (docs/format-bitmap.md). In memory it keeps an index of the free
/// extents, built from the bitmap at load, so allocation is O(log n) in the number of free
/// extents and never scans bits.
/// <para>
/// Blocks freed in a transaction are cleared in the bitmap at once but stay out of the index
/// (pending) until <see cref="ReleasePending"/>: until that transaction is checkpointed a crash
/// can bring back the old owner, so the blocks must not hold anything new yet.
/// </para>
/// <para>
/// Every operation reads all the bitmap blocks it needs before it changes anything, and changes
/// index and bitmap together, so a failed read leaves both as they were. Callers hold the
/// filesystem's metadata lock; nothing here is thread-safe.
/// </para>
/// </summary>
public sealed partial class VolumeSpace
{
    private const int MaxBlockSize = 1 << 20;

    private readonly IMetadataSpace _space;
    private readonly int _blocksCovered;
    private readonly ExtentTree _free = new();
    private readonly ExtentTree _pending = new();

    private VolumeSpace(IMetadataSpace space, int volume, long bitmapStart, long volumeBlocks)
    {
        ArgumentNullException.ThrowIfNull(space);
        if ((uint)volume >= BlockAddress.MaxVolumes)
            throw new ArgumentOutOfRangeException(nameof(volume), $"volume {volume} is outside 0..{BlockAddress.MaxVolumes - 1}");
        if (volumeBlocks < 1 || volumeBlocks > BlockAddress.MaxBlock + 1)
            throw new ArgumentOutOfRangeException(nameof(volumeBlocks), $"a volume of {volumeBlocks} blocks cannot be addressed");
        _blocksCovered = BlocksCovered(space.BlockSize);
        var bitmapBlocks = BitmapBlocks(volumeBlocks, space.BlockSize);
        if (bitmapStart < 0 || bitmapStart > volumeBlocks - bitmapBlocks)
            throw new ArgumentOutOfRangeException(nameof(bitmapStart),
                $"a bitmap of {bitmapBlocks} blocks at {bitmapStart} does not fit in volume {volume} of {volumeBlocks} blocks");
        _space = space;
        Volume = volume;
        TotalBlocks = volumeBlocks;
        Bitmap = new BlockExtent(bitmapStart, bitmapBlocks);
    }

    public int Volume { get; }

    public long TotalBlocks { get; }

    /// <summary>Where the bitmap itself lies on the volume (its blocks are always in use).</summary>
    public BlockExtent Bitmap { get; }

    /// <summary>Free on disk: allocatable plus pending.</summary>
    public long FreeBlocks => _free.Blocks + _pending.Blocks;

    /// <summary>Freed in a transaction not yet checkpointed; free on disk but not allocatable.</summary>
    public long PendingBlocks => _pending.Blocks;

    /// <summary>Free and allocatable now.</summary>
    public long AllocatableBlocks => _free.Blocks;

    /// <summary>The allocatable free extents in block order, each maximal.</summary>
    public IReadOnlyList<BlockExtent> AllocatableExtents() => _free.ToList();

    /// <summary>The pending extents in block order, each maximal.</summary>
    public IReadOnlyList<BlockExtent> PendingExtents() => _pending.ToList();

    /// <summary>
    /// How much farther than the nearest free extent <see cref="AllocateAsync"/> will look for
    /// one that holds the whole request: the span of one bitmap block (126 MiB of 4 KiB blocks).
    /// A seek that long costs far less than splitting a file for good, and it touches at most
    /// one more bitmap block.
    /// </summary>
    public long NearBlocks => _blocksCovered;

    /// <summary>Volume blocks one bitmap block covers: every bit of its body.</summary>
    public static int BlocksCovered(int blockSize)
    {
        if (blockSize <= MetadataHeader.Bytes || blockSize > MaxBlockSize || (blockSize - MetadataHeader.Bytes) % sizeof(ulong) != 0)
            throw new ArgumentOutOfRangeException(nameof(blockSize), $"block size {blockSize} cannot hold a bitmap body of whole 64-bit words");
        return (blockSize - MetadataHeader.Bytes) * 8;
    }

    /// <summary>Bitmap blocks a volume of <paramref name="volumeBlocks"/> blocks needs.</summary>
    public static long BitmapBlocks(long volumeBlocks, int blockSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(volumeBlocks, 1);
        var covered = BlocksCovered(blockSize);
        return (volumeBlocks + covered - 1) / covered;
    }

    /// <summary>
    /// Writes a fresh bitmap (every block created dirty, in the running transaction): the
    /// <paramref name="reserved"/> extents and the bitmap's own blocks in use, the bits past the
    /// end of the volume set so they are never free, everything else free.
    /// </summary>
    public static ValueTask<VolumeSpace> FormatAsync(IMetadataSpace space, int volume, long bitmapStart, long volumeBlocks,
        IReadOnlyList<BlockExtent> reserved, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(reserved);
        var result = new VolumeSpace(space, volume, bitmapStart, volumeBlocks);
        foreach (var extent in reserved)
            if (extent.Count != 0) result.CheckExtent(extent, nameof(reserved));
        var blocks = new Dictionary<long, MetadataBlock>();
        for (long i = 0; i < result.Bitmap.Count; i++)
        {
            ct.ThrowIfCancellationRequested();
            var block = space.Create(result.BitmapAddress(i), MetadataKind.FreeSpaceBitmap, (ulong)volume);
            block.Body.Clear();
            var used = result.BlocksIn(i);
            BitmapBits.Fill(block.Body, used, result._blocksCovered - used, true);
            blocks[i] = block;
        }
        result.WriteBits(blocks, result.Bitmap, true);
        foreach (var extent in reserved)
            if (extent.Count != 0) result.WriteBits(blocks, extent, true);
        long runStart = -1;
        for (long i = 0; i < result.Bitmap.Count; i++)
            runStart = result.ScanBlock(blocks[i].Body, i, used: false, runStart, result._free.Add);
        if (runStart >= 0) result._free.Add(new BlockExtent(runStart, volumeBlocks - runStart));
        return ValueTask.FromResult(result);
    }

    /// <summary>Reads the bitmap and builds the index of free extents. A bitmap block that fails its check throws <see cref="FsCorruptionException"/>.</summary>
    public static async ValueTask<VolumeSpace> LoadAsync(IMetadataSpace space, int volume, long bitmapStart, long volumeBlocks,
        CancellationToken ct = default)
    {
        var result = new VolumeSpace(space, volume, bitmapStart, volumeBlocks);
        await result.ScanRunsAsync(used: false, result._free.Add, ct);
        return result;
    }

    private void CheckExtent(BlockExtent extent, string name)
    {
        if (extent.Start < 0 || extent.Count < 1 || extent.Count > TotalBlocks - extent.Start)
            throw new ArgumentOutOfRangeException(name, $"extent {extent} is empty or outside volume {Volume} of {TotalBlocks} blocks");
    }

    private void CheckBlock(long block, string name)
    {
        if (block < 0 || block >= TotalBlocks)
            throw new ArgumentOutOfRangeException(name, $"block {block} is outside volume {Volume} of {TotalBlocks} blocks");
    }
}
