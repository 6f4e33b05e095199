using System.Buffers.Binary;
using Layered.Fs.Format;
using Layered.Fs.Trees;
using Layered.TestKit.Contracts;
using static Layered.Fs.Tests.Trees.TreeHarness;

namespace Layered.Fs.Tests.Trees;

/// <summary>
/// Damaged nodes: operations stop with <see cref="FsCorruptionException"/> naming the block, and
/// CheckAsync reports every problem and walks on. Offsets follow docs/format.md, "Filesystem B+tree nodes".
/// </summary>
public sealed class BTreeCorruptionTests
{
    private const int Body = MetadataHeader.Bytes;
    private const int Items = 60;

    /// <summary>A two-level tree of <see cref="Items"/> items, several to a leaf.</summary>
    private static async Task<TreeHarness> TwoLevelTreeAsync()
    {
        var harness = new TreeHarness();
        for (ulong i = 0; i < Items; i++) await harness.Tree.PutAsync(Key(i * 10), Value(300, (int)i));
        Assert.Equal(2, (await harness.CheckCleanAsync()).Depth);
        return harness;
    }

    private static async Task<(BlockAddress Address, TreeKey First, int Count)> SomeLeafAsync(TreeHarness harness, int which = 1)
    {
        var leaf = (await harness.NodesAsync()).Where(n => n.Level == 0).ElementAt(which).Address;
        var data = harness.Space.OnDisk(leaf);
        var first = new TreeKey(BinaryPrimitives.ReadUInt64LittleEndian(data.AsSpan(Body + 16)), BinaryPrimitives.ReadUInt64LittleEndian(data.AsSpan(Body + 24)));
        return (leaf, first, BinaryPrimitives.ReadUInt16LittleEndian(data.AsSpan(Body + 2)));
    }

    [Fact]
    public async Task KeysOutOfOrderInALeafMakeGetThrowAndCheckReportTheBlock()
    {
        var harness = await TwoLevelTreeAsync();
        var (leaf, first, _) = await SomeLeafAsync(harness);
        // Swap the keys of slots 0 and 1 (slots are 20 bytes from body byte 16).
        harness.Space.Corrupt(leaf, block =>
        {
            Span<byte> key = stackalloc byte[16];
            block.Slice(Body + 16, 16).CopyTo(key);
            block.Slice(Body + 36, 16).CopyTo(block[(Body + 16)..]);
            key.CopyTo(block[(Body + 36)..]);
        }, reseal: true);
        var thrown = await Assert.ThrowsAsync<FsCorruptionException>(async () => await harness.Tree.GetAsync(first));
        Assert.Contains(leaf.ToString(), thrown.Message);
        var check = await harness.Tree.CheckAsync();
        Assert.Contains(check.Problems, p => p.Contains(leaf.ToString()) && p.Contains("out of order"));
        Assert.Equal(harness.Space.Allocated.Count, check.Blocks.Count);
    }

    [Fact]
    public async Task AnImpossibleItemCountIsCaughtBeforeAnythingIsReadPastTheNode()
    {
        var harness = await TwoLevelTreeAsync();
        var (leaf, first, _) = await SomeLeafAsync(harness);
        harness.Space.Corrupt(leaf, block => BinaryPrimitives.WriteUInt16LittleEndian(block[(Body + 2)..], ushort.MaxValue), reseal: true);
        await Assert.ThrowsAsync<FsCorruptionException>(async () => await harness.Tree.GetAsync(first));
        await Assert.ThrowsAsync<FsCorruptionException>(async () => await harness.Tree.PutAsync(first, new byte[3]));
        await Assert.ThrowsAsync<FsCorruptionException>(async () => await harness.Tree.ScanAsync(TreeKey.MinValue, TreeKey.MaxValue, 1000));
        var check = await harness.Tree.CheckAsync();
        Assert.Contains(check.Problems, p => p.Contains(leaf.ToString()) && p.Contains("slots end"));
    }

    [Fact]
    public async Task ANodeFailingItsChecksumIsReportedAndTheRestOfTheTreeIsStillWalked()
    {
        var harness = await TwoLevelTreeAsync();
        var (leaf, first, count) = await SomeLeafAsync(harness);
        harness.Space.Corrupt(leaf, block => block[Body + 100] ^= 0x10, reseal: false);
        await Assert.ThrowsAsync<FsCorruptionException>(async () => await harness.Tree.GetAsync(first));
        var check = await harness.Tree.CheckAsync();
        var problem = Assert.Single(check.Problems);
        Assert.Contains(leaf.ToString(), problem);
        Assert.Contains("checksum", problem);
        Assert.Equal(Items - count, check.Items);
        Assert.True(harness.Space.Allocated.SetEquals(check.Blocks));
    }

    [Fact]
    public async Task AChildReferencedTwiceIsReportedAndTheOrphanedNodeIsMissingFromTheBlockList()
    {
        var harness = await TwoLevelTreeAsync();
        var root = harness.Root;
        // Entry 2's child (entries are 24 bytes from body byte 16; the child is at +16) now names entry 1's.
        harness.Space.Corrupt(root, block => block.Slice(Body + 16 + 24 + 16, 8).CopyTo(block[(Body + 16 + 48 + 16)..]), reseal: true);
        var check = await harness.Tree.CheckAsync();
        var problem = Assert.Single(check.Problems);
        Assert.Contains("shared node or a cycle", problem);
        Assert.Contains($"referenced by node {root}", problem);
        Assert.Equal(harness.Space.Allocated.Count - 1, check.Blocks.Count);
    }

    [Fact]
    public async Task ANodeWhoseLevelDisagreesWithItsDepthIsReported()
    {
        var harness = await TwoLevelTreeAsync();
        var (leaf, first, _) = await SomeLeafAsync(harness);
        // A leaf that claims level 1 reads its slots as entries, which fail on their own; keep it
        // a level mismatch only by raising the root instead, so its leaves sit one level short.
        harness.Space.Corrupt(harness.Root, block => BinaryPrimitives.WriteUInt16LittleEndian(block[Body..], 2), reseal: true);
        await Assert.ThrowsAsync<FsCorruptionException>(async () => await harness.Tree.GetAsync(first));
        var check = await harness.Tree.CheckAsync();
        Assert.Contains(check.Problems, p => p.Contains("has level 0") && p.Contains("level 1 belongs"));
        Assert.Equal(Items, check.Items);
    }

    [Fact]
    public async Task LeavesAtDifferentDepthsAreReported()
    {
        var harness = await TwoLevelTreeAsync();
        var root = harness.Space.OnDisk(harness.Root);
        var secondLeaf = BinaryPrimitives.ReadUInt64LittleEndian(root.AsSpan(Body + 16 + 24 + 16));
        // Slip an internal node with a single entry between the root and its second leaf, which
        // then sits one level deeper than its siblings.
        var between = await harness.Space.AllocateAsync(MetadataKind.ExtentTreeNode, 0);
        BinaryPrimitives.WriteUInt16LittleEndian(between.Body, 1);
        BinaryPrimitives.WriteUInt16LittleEndian(between.Body[2..], 1);
        BinaryPrimitives.WriteUInt64LittleEndian(between.Body[(16 + 16)..], secondLeaf);
        harness.Space.Flush();
        harness.Space.Corrupt(harness.Root, block => BinaryPrimitives.WriteUInt64LittleEndian(block[(Body + 16 + 24 + 16)..], between.Address.Pack()), reseal: true);
        var check = await harness.Tree.CheckAsync();
        Assert.Contains(check.Problems, p => p.Contains($"node {between.Address} has level 1") && p.Contains("level 0 belongs"));
        Assert.Contains(check.Problems, p => p.Contains("leaves sit at different depths"));
        Assert.Equal(Items, check.Items);
        Assert.True(harness.Space.Allocated.SetEquals(check.Blocks));
    }

    [Fact]
    public async Task RandomDamageToAnyNodeNeverThrowsAnythingButCorruption()
    {
        var seed = Seeds.Next(nameof(RandomDamageToAnyNodeNeverThrowsAnythingButCorruption));
        var random = new Random(seed);
        var harness = await TwoLevelTreeAsync();
        var nodes = await harness.NodesAsync();
        for (var round = 0; round < 300; round++)
        {
            var (address, _) = nodes[random.Next(nodes.Count)];
            var original = harness.Space.OnDisk(address);
            var at = Body + random.Next(random.Next(2) == 0 ? 64 : harness.Space.BlockSize - Body);
            harness.Space.Corrupt(address, block => block[at] ^= (byte)(1 << random.Next(8)), reseal: true);
            var key = Key((ulong)random.Next(Items * 10 + 10));
            try
            {
                await harness.Tree.GetAsync(key);
                await harness.Tree.FloorAsync(key);
                await harness.Tree.CeilingAsync(key);
                await harness.Tree.ScanAsync(key, TreeKey.MaxValue, 50);
            }
            catch (FsCorruptionException)
            {
            }
            var check = await harness.Tree.CheckAsync();
            Assert.True(check.Blocks.Count <= nodes.Count + 1, $"seed {seed} round {round}: {check.Blocks.Count} blocks");
            harness.Space.Corrupt(address, block => original.CopyTo(block), reseal: false);
        }
        await harness.CheckCleanAsync("restored");
    }
}
