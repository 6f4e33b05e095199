using Layered.Fs.Format;
using Layered.Fs.Trees;

namespace Layered.Fs.Tests.Trees;

/// <summary>A tree on a <see cref="MemoryMetadataSpace"/>, with its root held the way the filesystem root block holds it.</summary>
internal sealed class TreeHarness
{
    public TreeHarness(int blockSize = 4096)
    {
        Space = new MemoryMetadataSpace(blockSize);
        Tree = new BTree(Space, MetadataKind.ExtentTreeNode, () => Root, root => { Root = root; RootChanges++; });
    }

    public MemoryMetadataSpace Space { get; }
    public BTree Tree { get; }
    public BlockAddress Root { get; private set; }
    public int RootChanges { get; private set; }

    public static TreeKey Key(ulong lo, ulong hi = 0) => new(hi, lo);

    /// <summary>A value whose bytes depend on its seed, so a value read back from the wrong item shows.</summary>
    public static byte[] Value(int length, int seed)
    {
        var value = new byte[length];
        new Random(seed).NextBytes(value);
        return value;
    }

    /// <summary>Commits, then checks the tree: no problems, and exactly the space's allocated blocks are its nodes.</summary>
    public async Task<TreeCheck> CheckCleanAsync(string context = "")
    {
        Space.Flush();
        var check = await Tree.CheckAsync();
        Assert.True(check.IsClean, $"{context}: {string.Join("; ", check.Problems)}");
        Assert.Equal(check.Blocks.Count, check.Blocks.Distinct().Count());
        Assert.True(Space.Allocated.SetEquals(check.Blocks),
            $"{context}: the tree uses {check.Blocks.Count} blocks but {Space.Allocated.Count} are allocated");
        return check;
    }

    /// <summary>The nodes of the tree with their level, read from disk after a flush.</summary>
    public async Task<List<(BlockAddress Address, int Level)>> NodesAsync()
    {
        Space.Flush();
        var check = await Tree.CheckAsync();
        return [.. check.Blocks.Select(b => (b, (int)BitConverter.ToUInt16(Space.OnDisk(b), MetadataHeader.Bytes)))];
    }
}
