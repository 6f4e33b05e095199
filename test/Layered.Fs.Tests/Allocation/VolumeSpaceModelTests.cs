using Layered.Fs.Allocation;
using Layered.TestKit.Contracts;

namespace Layered.Fs.Tests.Allocation;

/// <summary>
/// Random allocate / free / release sequences checked against a model: a bit per block for
/// "in use" and one for "pending". A failing seed replays with LAYERED_SEED.
/// </summary>
public sealed class VolumeSpaceModelTests
{
    private const int Steps = 1500;

    [Fact]
    public async Task RandomAllocationsAndFreesAgreeWithAModelAndSurviveReload()
    {
        var seed = Seeds.Next(nameof(RandomAllocationsAndFreesAgreeWithAModelAndSurviveReload));
        var random = new Random(seed);
        var covered = VolumeSpace.BlocksCovered(512);
        var blocks = random.Next(3 * covered + 1, 6 * covered);
        var journal = new BlockExtent(random.Next(100, 2000), random.Next(1, 500));
        var (space, volume) = await TestVolumes.FormatAsync(blocks, 512, journal);

        var used = new bool[blocks];
        var pending = new bool[blocks];
        foreach (var reserved in new[] { new BlockExtent(0, 1), volume.Bitmap, journal })
            for (var b = reserved.Start; b < reserved.End; b++) used[b] = true;
        var owned = new List<BlockExtent>();
        long goal = 0;

        for (var step = 0; step < Steps; step++)
        {
            var context = $"seed {seed}, step {step}";
            switch (random.Next(100))
            {
                case < 35:
                    {
                        var maxCount = random.Next(1, 400);
                        var wasAllocatable = !used[goal % blocks] && !pending[goal % blocks];
                        var got = await volume.AllocateAsync(goal, maxCount);
                        if (got is not { } extent)
                        {
                            Assert.True(volume.AllocatableBlocks == 0, $"{context}: null with {volume.AllocatableBlocks} allocatable");
                            break;
                        }
                        Assert.True(extent.Count >= 1 && extent.Count <= maxCount, $"{context}: {extent} for at most {maxCount}");
                        if (wasAllocatable) Assert.True(extent.Start == goal % blocks, $"{context}: goal {goal} was free but got {extent}");
                        Take(extent, context);
                        goal = random.Next(4) == 0 ? random.Next(blocks + 1) : extent.End;
                        break;
                    }
                case < 50:
                    {
                        var count = random.Next(1, 3000);
                        var allocatable = volume.AllocatableBlocks;
                        if (count > allocatable)
                        {
                            await Assert.ThrowsAsync<FsNoSpaceException>(async () => await volume.AllocateManyAsync(goal, count));
                            Assert.True(volume.AllocatableBlocks == allocatable, $"{context}: a failed AllocateMany changed the free count");
                            break;
                        }
                        var extents = await volume.AllocateManyAsync(goal, count);
                        Assert.True(extents.Sum(e => e.Count) == count, $"{context}: AllocateMany({count}) gave {string.Join(", ", extents)}");
                        foreach (var extent in extents) Take(extent, context);
                        goal = extents[^1].End;
                        break;
                    }
                case < 85 when owned.Count > 0:
                    {
                        var index = random.Next(owned.Count);
                        var whole = owned[index];
                        var start = whole.Start + random.NextInt64(whole.Count);
                        var piece = new BlockExtent(start, 1 + random.NextInt64(whole.End - start));
                        owned.RemoveAt(index);
                        if (piece.Start > whole.Start) owned.Add(new BlockExtent(whole.Start, piece.Start - whole.Start));
                        if (piece.End < whole.End) owned.Add(new BlockExtent(piece.End, whole.End - piece.End));
                        await volume.FreeAsync(piece);
                        for (var b = piece.Start; b < piece.End; b++)
                        {
                            used[b] = false;
                            pending[b] = true;
                        }
                        break;
                    }
                case < 92:
                    {
                        var free = Enumerable.Range(0, blocks).Where(b => !used[b]).ToList();
                        if (free.Count == 0) break;
                        var victim = free[random.Next(free.Count)];
                        var freeBefore = volume.FreeBlocks;
                        var dirtyBefore = space.DirtyBlocks;
                        var error = await Assert.ThrowsAsync<FsCorruptionException>(async () => await volume.FreeAsync(new BlockExtent(victim, 1)));
                        Assert.Contains($"{TestVolumes.VolumeIndex}:{victim}", error.Message);
                        Assert.True(volume.FreeBlocks == freeBefore && space.DirtyBlocks == dirtyBefore, $"{context}: a double free changed something");
                        break;
                    }
                case < 96:
                    volume.ReleasePending();
                    Array.Clear(pending);
                    break;
                default:
                    space.Commit();
                    var reloaded = await TestVolumes.ReloadAsync(space, blocks);
                    Assert.Equal(TestVolumes.Runs(used, false), reloaded.AllocatableExtents());
                    Assert.Equal(TestVolumes.Runs(used, true), await reloaded.UsedExtentsAsync());
                    break;
            }

            var freeInModel = used.Count(u => !u);
            var pendingInModel = pending.Count(p => p);
            Assert.True(volume.FreeBlocks == freeInModel, $"{context}: {volume.FreeBlocks} free, model says {freeInModel}");
            Assert.True(volume.PendingBlocks == pendingInModel, $"{context}: {volume.PendingBlocks} pending, model says {pendingInModel}");
            space.CheckNoUndirtiedChanges();
        }

        var allocatableAtEnd = Enumerable.Range(0, blocks).Select(b => !used[b] && !pending[b]).ToArray();
        Assert.Equal(TestVolumes.Runs(allocatableAtEnd, true), volume.AllocatableExtents());
        Assert.Equal(TestVolumes.Runs(pending, true), volume.PendingExtents());

        void Take(BlockExtent extent, string context)
        {
            Assert.True(extent.Start >= 0 && extent.End <= blocks, $"{context}: {extent} is outside the volume");
            for (var b = extent.Start; b < extent.End; b++)
            {
                Assert.False(used[b], $"{context}: block {b} of {extent} was handed out while in use");
                Assert.False(pending[b], $"{context}: block {b} of {extent} came back before ReleasePending");
                used[b] = true;
            }
            owned.Add(extent);
        }
    }
}
