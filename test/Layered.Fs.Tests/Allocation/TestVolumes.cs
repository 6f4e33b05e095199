using Layered.Fs.Allocation;
using Layered.Fs.Format;

namespace Layered.Fs.Tests.Allocation;

/// <summary>Formatted volumes and bit-array helpers shared by the allocation tests.</summary>
internal static class TestVolumes
{
    public const int VolumeIndex = 1;
    public const long BitmapStart = 1;

    /// <summary>A committed, freshly formatted volume whose block 0 (the superblock) and bitmap are in use, plus <paramref name="reserved"/>.</summary>
    public static async Task<(AllocationTestSpace Space, VolumeSpace Volume)> FormatAsync(long blocks, int blockSize = 512, params BlockExtent[] reserved)
    {
        var space = new AllocationTestSpace(blockSize);
        var volume = await VolumeSpace.FormatAsync(space, VolumeIndex, BitmapStart, blocks, [new BlockExtent(0, 1), .. reserved]);
        space.Commit();
        return (space, volume);
    }

    /// <summary>Loads the volume from what is committed on <paramref name="space"/>'s disk, as a remount would.</summary>
    public static async Task<VolumeSpace> ReloadAsync(AllocationTestSpace space, long blocks) =>
        await VolumeSpace.LoadAsync(space.Reopen(), VolumeIndex, BitmapStart, blocks);

    public static BlockAddress BitmapBlock(long index) => new(VolumeIndex, BitmapStart + index);

    /// <summary>The maximal runs of <paramref name="value"/> in <paramref name="bits"/>.</summary>
    public static List<BlockExtent> Runs(IReadOnlyList<bool> bits, bool value)
    {
        var runs = new List<BlockExtent>();
        for (var i = 0; i < bits.Count;)
        {
            if (bits[i] != value)
            {
                i++;
                continue;
            }
            var start = i;
            while (i < bits.Count && bits[i] == value) i++;
            runs.Add(new BlockExtent(start, i - start));
        }
        return runs;
    }

    /// <summary>Allocates every allocatable block, one extent at a time, and returns what was handed out.</summary>
    public static async Task<List<BlockExtent>> AllocateEverythingAsync(VolumeSpace volume)
    {
        var taken = new List<BlockExtent>();
        while (await volume.AllocateAsync(0, volume.TotalBlocks) is { } extent) taken.Add(extent);
        return taken;
    }

    public static bool Overlaps(BlockExtent a, BlockExtent b) => a.Start < b.End && b.Start < a.End;
}
