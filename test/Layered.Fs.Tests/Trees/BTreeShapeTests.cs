using Layered.Fs.Format;
using Layered.Fs.Trees;
using static Layered.Fs.Tests.Trees.TreeHarness;

namespace Layered.Fs.Tests.Trees;

/// <summary>How the tree grows, shrinks and lays out items: splits, collapses, replacement and size limits.</summary>
public sealed class BTreeShapeTests
{
    [Fact]
    public async Task AnEmptyTreeHasNoRootAndFindsNothing()
    {
        var harness = new TreeHarness();
        var tree = harness.Tree;
        Assert.Null(await tree.GetAsync(Key(1)));
        Assert.Null(await tree.FloorAsync(TreeKey.MaxValue));
        Assert.Null(await tree.CeilingAsync(TreeKey.MinValue));
        Assert.Empty(await tree.ScanAsync(TreeKey.MinValue, TreeKey.MaxValue, 10));
        Assert.False(await tree.DeleteAsync(Key(1)));
        var check = await harness.CheckCleanAsync();
        Assert.Equal((0, 0L, 0), (check.Blocks.Count, check.Items, check.Depth));
        Assert.Equal(0, harness.RootChanges);
    }

    [Fact]
    public async Task TheRootLeafSplitsUnderANewRootAndTheTreeCollapsesToNothingWhenEmptied()
    {
        var harness = new TreeHarness();
        for (ulong i = 0; i < 4; i++) await harness.Tree.PutAsync(Key(i), Value(1000, (int)i));
        var grown = await harness.CheckCleanAsync("split");
        Assert.Equal((3, 2, 4L), (grown.Blocks.Count, grown.Depth, grown.Items));
        Assert.Equal(2, harness.RootChanges);
        for (ulong i = 0; i < 4; i++)
        {
            Assert.True(await harness.Tree.DeleteAsync(Key(i)));
            await harness.CheckCleanAsync($"after deleting {i}");
        }
        Assert.True(harness.Root.IsNone);
        Assert.Empty(harness.Space.Allocated);
        Assert.Equal(0, (await harness.Tree.CheckAsync()).Depth);
    }

    [Fact]
    public async Task AThreeLevelTreeCollapsesLevelByLevelToASingleLeaf()
    {
        var harness = new TreeHarness();
        // Two items per leaf: 400 items need more leaves than one internal node routes.
        for (ulong i = 0; i < 400; i++) await harness.Tree.PutAsync(Key(i * 3), Value(1500, (int)i));
        Assert.Equal(3, (await harness.CheckCleanAsync("grown")).Depth);
        for (ulong i = 0; i < 400; i++)
            if (i != 217) Assert.True(await harness.Tree.DeleteAsync(Key(i * 3)));
        var check = await harness.CheckCleanAsync("shrunk");
        Assert.Equal((1, 1, 1L), (check.Depth, check.Blocks.Count, check.Items));
        Assert.Equal(Value(1500, 217), await harness.Tree.GetAsync(Key(217 * 3)));
    }

    [Fact]
    public async Task ReplacingAValueGrowsAndShrinksItWithoutDisturbingItsNeighbours()
    {
        var harness = new TreeHarness();
        var tree = harness.Tree;
        for (ulong i = 0; i < 10; i++) Assert.False(await tree.PutAsync(Key(i), Value(100, (int)i)));
        var lengths = new[] { 1500, 0, 100, tree.MaxValueBytes, 7 };
        foreach (var length in lengths)
        {
            Assert.True(await tree.PutAsync(Key(5), Value(length, length)));
            Assert.Equal(Value(length, length), await tree.GetAsync(Key(5)));
            for (ulong i = 0; i < 10; i++)
                if (i != 5) Assert.Equal(Value(100, (int)i), await tree.GetAsync(Key(i)));
            Assert.Equal(10, (await harness.CheckCleanAsync($"value of {length} bytes")).Items);
        }
    }

    [Theory]
    [InlineData(4096)]
    [InlineData(8192)]
    [InlineData(16384)]
    [InlineData(65536)]
    public async Task TheLargestValueIsAcceptedAndOneByteMoreIsRefused(int blockSize)
    {
        var harness = new TreeHarness(blockSize);
        var tree = harness.Tree;
        Assert.True(tree.MaxValueBytes >= (blockSize - MetadataHeader.Bytes) / 4, $"{tree.MaxValueBytes} bytes is too small a limit");
        for (ulong i = 0; i < 5; i++) await tree.PutAsync(Key(i), Value(tree.MaxValueBytes, (int)i));
        await Assert.ThrowsAsync<ArgumentException>(async () => await tree.PutAsync(Key(9), new byte[tree.MaxValueBytes + 1]));
        await Assert.ThrowsAsync<ArgumentException>(async () => await tree.PutAsync(Key(2), new byte[tree.MaxValueBytes + 1]));
        var check = await harness.CheckCleanAsync();
        Assert.Equal(5, check.Items);
        for (ulong i = 0; i < 5; i++) Assert.Equal(Value(tree.MaxValueBytes, (int)i), await tree.GetAsync(Key(i)));
    }

    [Fact]
    public async Task AHundredThousandAscendingKeysPackTheirLeavesAndStayFindable()
    {
        const int count = 100_000;
        var harness = new TreeHarness();
        var tree = harness.Tree;
        for (var i = 0; i < count; i++)
        {
            await tree.PutAsync(Key((ulong)i * 2), BitConverter.GetBytes((long)i));
            if (i % 1000 == 999) harness.Space.Flush();
        }
        var check = await harness.CheckCleanAsync();
        Assert.Equal(count, check.Items);
        // A leaf holds (4032 - 16) / 28 = 143 such items; ascending inserts leave each full.
        Assert.InRange(check.Blocks.Count, count / 143, count / 143 * 103 / 100);
        var seen = 0;
        for (var from = TreeKey.MinValue; ;)
        {
            var batch = await tree.ScanAsync(from, TreeKey.MaxValue, 777);
            if (batch.Count == 0) break;
            foreach (var item in batch) Assert.Equal(seen++, BitConverter.ToInt64(item.Value));
            from = Key(batch[^1].Key.Lo + 1);
        }
        Assert.Equal(count, seen);
        for (var i = 1; i < count; i += 997)
        {
            Assert.Equal(Key((ulong)i * 2 - 2), (await tree.FloorAsync(Key((ulong)i * 2 - 1)))?.Key);
            Assert.Equal(Key((ulong)i * 2), (await tree.CeilingAsync(Key((ulong)i * 2 - 1)))?.Key);
            Assert.Equal(i, BitConverter.ToInt64(await tree.GetAsync(Key((ulong)i * 2))));
        }
    }

    [Fact]
    public async Task TheSmallestAndLargestKeysAreOrdinaryKeys()
    {
        var harness = new TreeHarness();
        var tree = harness.Tree;
        for (ulong i = 1; i <= 300; i++) await tree.PutAsync(Key(i, i), Value(60, (int)i));
        await tree.PutAsync(TreeKey.MinValue, new byte[] { 1 });
        await tree.PutAsync(TreeKey.MaxValue, new byte[] { 2 });
        Assert.Equal(TreeKey.MinValue, (await tree.FloorAsync(Key(5)))?.Key);
        Assert.Equal(TreeKey.MaxValue, (await tree.CeilingAsync(Key(0, 301)))?.Key);
        Assert.Equal(TreeKey.MaxValue, (await tree.FloorAsync(TreeKey.MaxValue))?.Key);
        Assert.Equal([2], await tree.GetAsync(TreeKey.MaxValue));
        var all = await tree.ScanAsync(TreeKey.MinValue, TreeKey.MaxValue, int.MaxValue);
        Assert.Equal(301, all.Count);
        Assert.Equal(TreeKey.MinValue, all[0].Key);
        Assert.Equal(302, (await harness.CheckCleanAsync()).Items);
    }

    [Fact]
    public async Task APutThatRunsOutOfSpaceForItsSplitLeavesTheTreeAsItWas()
    {
        var harness = new TreeHarness();
        var tree = harness.Tree;
        for (ulong i = 0; i < 3; i++) await tree.PutAsync(Key(i), Value(1000, (int)i));
        harness.Space.Flush();
        // The fourth item splits the root leaf, which needs a new leaf and a new root.
        harness.Space.AllocationsLeft = 1;
        await Assert.ThrowsAsync<FsNoSpaceException>(async () => await tree.PutAsync(Key(3), Value(1000, 3)));
        var check = await harness.CheckCleanAsync("after running out");
        Assert.Equal((3L, 1), (check.Items, check.Depth));
        for (ulong i = 0; i < 3; i++) Assert.Equal(Value(1000, (int)i), await tree.GetAsync(Key(i)));
        harness.Space.AllocationsLeft = null;
        await tree.PutAsync(Key(3), Value(1000, 3));
        var grown = await harness.CheckCleanAsync("after space returned");
        Assert.Equal((4L, 2), (grown.Items, grown.Depth));
    }
}
