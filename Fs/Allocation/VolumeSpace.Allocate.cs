using Layered.Fs.Cache;

namespace Layered.Fs.Allocation;

// Allocation: choose extents from the in-memory index (O(log n) each), then set their bits.
public sealed partial class VolumeSpace
{
    /// <summary>
    /// One extent of 1..<paramref name="maxCount"/> blocks as close after <paramref name="goal"/>
    /// as possible, or null when nothing is allocatable. In order of preference:
    /// <list type="number">
    /// <item>the free extent holding the goal, from the goal on, even if short: it continues the caller's run;</item>
    /// <item>an extent that holds all <paramref name="maxCount"/> blocks, if one starts within
    /// <see cref="NearBlocks"/> past the nearest free extent;</item>
    /// <item>the nearest free extent after the goal (wrapping to block 0), as much of it as fits.</item>
    /// </list>
    /// A goal of <see cref="TotalBlocks"/> (just past the last block) means block 0.
    /// </summary>
    public async ValueTask<BlockExtent?> AllocateAsync(long goal, long maxCount, CancellationToken ct = default)
    {
        goal = CheckGoal(goal);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxCount, 1);
        if (ChooseOne(goal, maxCount) is not { } extent) return null;
        _free.Remove(extent);
        await TakeAsync([extent], ct);
        return extent;
    }

    /// <summary>
    /// <paramref name="count"/> blocks, all or none, in as few extents as the free space allows:
    /// the rest of the free extent holding the goal first (it adds no extent to the caller's
    /// file), then the nearest extent after the goal that holds everything still wanted, or when
    /// none does, the largest extents, nearest first, until one does. Throws
    /// <see cref="FsNoSpaceException"/>, changing nothing, when too few blocks are allocatable.
    /// </summary>
    public async ValueTask<IReadOnlyList<BlockExtent>> AllocateManyAsync(long goal, long count, CancellationToken ct = default)
    {
        goal = CheckGoal(goal);
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        if (count > _free.Blocks)
            throw new FsNoSpaceException(
                $"volume {Volume} has {_free.Blocks} allocatable blocks ({_pending.Blocks} more freed but not yet reusable); {count} wanted");
        var plan = new List<BlockExtent>();
        var cursor = goal;
        // Every round takes at least one block, so this ends within `count` rounds.
        for (var remaining = count; remaining > 0; remaining -= plan[^1].Count)
        {
            var extent = ChooseForMany(cursor, remaining);
            _free.Remove(extent);
            plan.Add(extent);
            cursor = extent.End == TotalBlocks ? 0 : extent.End;
        }
        await TakeAsync(plan, ct);
        return plan;
    }

    private BlockExtent? ChooseOne(long goal, long maxCount)
    {
        if (_free.Containing(goal) is { } around) return new BlockExtent(goal, Math.Min(maxCount, around.End - goal));
        if (_free.FirstAtOrAfterWrapping(goal, 1) is not { } nearest) return null;
        if (nearest.Count < maxCount
            && _free.FirstAtOrAfterWrapping(goal, maxCount) is { } whole
            && Distance(goal, whole.Start) - Distance(goal, nearest.Start) <= NearBlocks)
            return new BlockExtent(whole.Start, maxCount);
        return new BlockExtent(nearest.Start, Math.Min(maxCount, nearest.Count));
    }

    // Taking the largest extents while none holds the remainder, then one that does, gives the
    // fewest extents possible; among equals the nearest after the cursor keeps them close.
    private BlockExtent ChooseForMany(long cursor, long remaining)
    {
        if (_free.Containing(cursor) is { } around) return new BlockExtent(cursor, Math.Min(remaining, around.End - cursor));
        if (_free.FirstAtOrAfterWrapping(cursor, remaining) is { } whole) return whole with { Count = remaining };
        return _free.FirstAtOrAfterWrapping(cursor, _free.LargestCount)
            ?? throw new InvalidOperationException($"volume {Volume}: no free extent though {_free.Blocks} blocks are free");
    }

    /// <summary>How far forward from <paramref name="goal"/> <paramref name="start"/> lies, wrapping at the end of the volume.</summary>
    private long Distance(long goal, long start) => start >= goal ? start - goal : start + TotalBlocks - goal;

    /// <summary>
    /// Marks extents already taken out of the index as used. When a bitmap block cannot be read,
    /// or already shows a block in use, the extents go back into the index and nothing changes.
    /// </summary>
    private async ValueTask TakeAsync(List<BlockExtent> extents, CancellationToken ct)
    {
        Dictionary<long, MetadataBlock> blocks;
        try
        {
            blocks = await ReadCoveringAsync(extents, ct);
            foreach (var extent in extents)
                if (FindBit(blocks, extent, true) is { } used)
                    throw new FsCorruptionException(
                        $"block {Volume}:{used} is in use in bitmap block {BitmapAddress(used / _blocksCovered)} but the free-space index lists it free");
            DirtyAll(blocks);
        }
        catch
        {
            foreach (var extent in extents) _free.Add(extent);
            throw;
        }
        foreach (var extent in extents) WriteBits(blocks, extent, true);
    }

    private long CheckGoal(long goal)
    {
        if (goal < 0 || goal > TotalBlocks)
            throw new ArgumentOutOfRangeException(nameof(goal), $"goal {goal} is outside volume {Volume} of {TotalBlocks} blocks");
        return goal == TotalBlocks ? 0 : goal;
    }
}
