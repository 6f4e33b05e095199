using Layered.Fs.Trees;
using Layered.TestKit.Contracts;

namespace Layered.Fs.Tests.Trees;

/// <summary>Long seeded runs of every operation against a sorted dictionary that is right by construction.</summary>
public sealed class BTreeModelTests
{
    [Theory]
    [InlineData(4096, 30_000)]
    [InlineData(8192, 20_000)]
    [InlineData(65536, 12_000)]
    public async Task RandomOperationsAgreeWithASortedDictionary(int blockSize, int operations)
    {
        var seed = Seeds.Next($"{nameof(RandomOperationsAgreeWithASortedDictionary)}({blockSize})");
        var random = new Random(seed);
        var harness = new TreeHarness(blockSize);
        var tree = harness.Tree;
        var model = new SortedDictionary<TreeKey, byte[]>();
        var op = 0;
        try
        {
            for (; op < operations; op++)
            {
                // Grow for the first half, then lean towards deletes so nodes empty and levels collapse.
                var growing = op < operations / 2;
                var choice = random.Next(100);
                var key = RandomKey(random);
                if (choice < (growing ? 45 : 25))
                {
                    var value = TreeHarness.Value(RandomLength(random, tree.MaxValueBytes), random.Next());
                    Assert.Equal(model.ContainsKey(key), await tree.PutAsync(key, value));
                    model[key] = value;
                }
                else if (choice < (growing ? 60 : 70))
                {
                    if (random.Next(2) == 0 && model.Count > 0) key = model.Keys.ElementAt(random.Next(Math.Min(model.Count, 64)));
                    Assert.Equal(model.Remove(key), await tree.DeleteAsync(key));
                }
                else if (choice < 75)
                    Assert.Equal(model.GetValueOrDefault(key), await tree.GetAsync(key));
                else if (choice < 83)
                    AssertItem(Floor(model, key), await tree.FloorAsync(key));
                else if (choice < 91)
                    AssertItem(Ceiling(model, key), await tree.CeilingAsync(key));
                else
                {
                    var to = RandomKey(random);
                    var max = random.Next(0, 40);
                    var expected = model.Where(p => p.Key >= key && p.Key < to).Take(max).ToList();
                    var actual = await tree.ScanAsync(key, to, max);
                    Assert.Equal(expected.Select(p => p.Key), actual.Select(i => i.Key));
                    Assert.True(expected.Zip(actual).All(p => p.First.Value.AsSpan().SequenceEqual(p.Second.Value)));
                }
                if (random.Next(16) == 0) harness.Space.Flush();
                if (op % 3000 == 2999) Assert.Equal(model.Count, (await harness.CheckCleanAsync($"op {op}")).Items);
            }
            var final = await harness.CheckCleanAsync("end");
            Assert.Equal(model.Count, final.Items);
            Console.WriteLine($"[tree] {blockSize}: {operations} operations end with {final.Items} items in {final.Blocks.Count} nodes, {final.Depth} levels; {harness.RootChanges} root changes");
            foreach (var key in model.Keys.OrderBy(_ => random.Next()).ToList())
                Assert.True(await tree.DeleteAsync(key));
            await harness.CheckCleanAsync("emptied");
            Assert.True(harness.Root.IsNone);
            Assert.Empty(harness.Space.Allocated);
        }
        catch (Exception e) when (op < operations)
        {
            throw new Xunit.Sdk.XunitException($"seed {seed}, block size {blockSize}: failed at operation {op}: {e}");
        }
    }

    /// <summary>A key space small enough that puts replace and deletes hit, with both halves in play.</summary>
    private static TreeKey RandomKey(Random random) => random.Next(200) switch
    {
        0 => TreeKey.MinValue,
        1 => TreeKey.MaxValue,
        _ => new((ulong)random.Next(3), (ulong)random.Next(1500) * 7),
    };

    /// <summary>Mostly small values, so leaves hold many items, and now and then one as large as allowed.</summary>
    private static int RandomLength(Random random, int max) => random.Next(10) switch
    {
        < 6 => random.Next(0, 40),
        < 9 => random.Next(0, max / 8),
        _ => random.Next(0, max + 1),
    };

    private static KeyValuePair<TreeKey, byte[]>? Floor(SortedDictionary<TreeKey, byte[]> model, TreeKey key)
    {
        KeyValuePair<TreeKey, byte[]>? best = null;
        foreach (var pair in model)
        {
            if (pair.Key > key) break;
            best = pair;
        }
        return best;
    }

    private static KeyValuePair<TreeKey, byte[]>? Ceiling(SortedDictionary<TreeKey, byte[]> model, TreeKey key)
    {
        foreach (var pair in model)
            if (pair.Key >= key) return pair;
        return null;
    }

    private static void AssertItem(KeyValuePair<TreeKey, byte[]>? expected, TreeItem? actual)
    {
        Assert.Equal(expected?.Key, actual?.Key);
        if (expected is { } e) Assert.Equal(e.Value, actual!.Value.Value);
    }
}
