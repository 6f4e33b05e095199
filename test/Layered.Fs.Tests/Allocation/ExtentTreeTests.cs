using Layered.Fs.Allocation;
using Layered.TestKit.Contracts;

namespace Layered.Fs.Tests.Allocation;

public sealed class ExtentTreeTests
{
    private const int Blocks = 3_000;

    [Fact]
    public void RandomAddsAndRemovesAgreeWithABitPerBlockModel()
    {
        var seed = Seeds.Next(nameof(RandomAddsAndRemovesAgreeWithABitPerBlockModel));
        var random = new Random(seed);
        var tree = new ExtentTree();
        var model = new bool[Blocks];
        for (var step = 0; step < 3_000; step++)
        {
            var start = random.Next(Blocks);
            var extent = new BlockExtent(start, random.Next(1, Math.Min(200, Blocks - start) + 1));
            if (random.Next(2) == 0)
            {
                var removed = tree.Remove(extent);
                var expected = 0;
                for (var b = extent.Start; b < extent.End; b++)
                {
                    if (model[b]) expected++;
                    model[b] = false;
                }
                Assert.True(removed == expected, $"seed {seed}, step {step}: removing {extent} took {removed} blocks, expected {expected}");
            }
            else if (Enumerable.Range((int)extent.Start, (int)extent.Count).Any(b => model[b]))
                Assert.Throws<InvalidOperationException>(() => tree.Add(extent));
            else
            {
                tree.Add(extent);
                for (var b = extent.Start; b < extent.End; b++) model[b] = true;
            }

            var runs = TestVolumes.Runs(model, true);
            Assert.Equal(runs, tree.ToList());
            Assert.Equal(runs.Sum(r => r.Count), tree.Blocks);
            Assert.Equal(runs.Count, tree.Count);
            Assert.Equal(runs.Count == 0 ? 0 : runs.Max(r => r.Count), tree.LargestCount);
            var probe = random.Next(Blocks);
            var minCount = random.Next(1, 60);
            Assert.Equal(runs.Where(r => r.Contains(probe)).Select(r => (BlockExtent?)r).FirstOrDefault(), tree.Containing(probe));
            Assert.Equal(runs.Where(r => r.Start >= probe && r.Count >= minCount).Select(r => (BlockExtent?)r).FirstOrDefault(),
                tree.FirstAtOrAfter(probe, minCount));
        }
    }
}
