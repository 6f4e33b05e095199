using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using Layered.Fs.Cache;
using Layered.Fs.Format;

namespace Layered.Fs.Trees;

/// <summary>
/// A B+tree of 128-bit keys and variable-length values in metadata blocks of one kind; the
/// inode, extent, directory and xattr trees are all instances. Leaves hold the items, internal
/// nodes route by separator keys, and no node is ever empty. Each call starts again from the
/// root (held by the caller through getRoot/setRoot) and uses no block it read in an earlier
/// call, so the cache may evict anything between operations. Not thread-safe: callers hold the
/// metadata lock.
/// Layout: docs/format.md, "Filesystem B+tree nodes".
/// </summary>
public sealed partial class BTree
{
    /// <summary>Tree nodes belong to the filesystem, not to one inode.</summary>
    private const ulong NodeOwner = 0;

    private readonly IMetadataSpace _space;
    private readonly MetadataKind _kind;
    private readonly Func<BlockAddress> _getRoot;
    private readonly Action<BlockAddress> _setRoot;
    private readonly int _bodyBytes;
    // Blocks whose body passed NodeVerifier, with the transaction in their header at the time; a
    // cached block is checked once after it is read, not on every visit.
    private readonly ConditionalWeakTable<MetadataBlock, StrongBox<ulong>> _verified = new();
    private PathFrame[] _path = new PathFrame[8];
    private byte[]? _scratch;

    public BTree(IMetadataSpace space, MetadataKind kind, Func<BlockAddress> getRoot, Action<BlockAddress> setRoot)
    {
        ArgumentNullException.ThrowIfNull(space);
        ArgumentNullException.ThrowIfNull(getRoot);
        ArgumentNullException.ThrowIfNull(setRoot);
        if (space.BlockSize is < 4096 or > NodeLayout.MaxBodyBytes + MetadataHeader.Bytes)
            throw new ArgumentException($"block size {space.BlockSize} is outside 4096..65536", nameof(space));
        _space = space;
        _kind = kind;
        _getRoot = getRoot;
        _setRoot = setRoot;
        _bodyBytes = space.BlockSize - MetadataHeader.Bytes;
        MaxValueBytes = LeafNode.MaxValueBytes(_bodyBytes);
    }

    /// <summary>
    /// The largest value <see cref="PutAsync"/> accepts: (block size − 64 − 16) / 2 − 20 bytes,
    /// 1988 for 4 KiB blocks and 32708 for 64 KiB ones. Any two items then share a leaf.
    /// </summary>
    public int MaxValueBytes { get; }

    /// <summary>Reads a node and proves it sound, at the level and inside the key range its parent implies.</summary>
    private async ValueTask<MetadataBlock> ReadNodeAsync(BlockAddress address, int level, TreeKey low, TreeKey? high, CancellationToken ct)
    {
        var block = await _space.ReadAsync(address, _kind, ct).ConfigureAwait(false);
        EnsureSound(block);
        var body = block.Body;
        if (level >= 0 && NodeLayout.Level(body) != level) ThrowCorrupt(block, $"has level {NodeLayout.Level(body)} where level {level} belongs");
        if (NodeVerifier.BoundsProblem(body, low, high) is { } problem) ThrowCorrupt(block, problem);
        return block;
    }

    private void EnsureSound(MetadataBlock block)
    {
        var transaction = MetadataHeader.Transaction(block.Data);
        if (_verified.TryGetValue(block, out var seen) && seen.Value == transaction) return;
        if (block.Data.Length != _space.BlockSize) ThrowCorrupt(block, $"is {block.Data.Length} bytes, not {_space.BlockSize}");
        if (NodeVerifier.Verify(block.Body) is { } problem) ThrowCorrupt(block, problem);
        _verified.AddOrUpdate(block, new StrongBox<ulong>(transaction));
    }

    /// <summary>
    /// Walks from the root to the leaf whose range holds <paramref name="key"/>, filling the path.
    /// Returns the leaf's depth; its frame's index is the leaf search result.
    /// </summary>
    private async ValueTask<int> DescendAsync(BlockAddress root, TreeKey key, CancellationToken ct)
    {
        var block = await ReadNodeAsync(root, -1, TreeKey.MinValue, null, ct).ConfigureAwait(false);
        var level = NodeLayout.Level(block.Body);
        if (_path.Length <= level) _path = new PathFrame[level + 1];
        var low = TreeKey.MinValue;
        TreeKey? high = null;
        for (var depth = 0; ; depth++)
        {
            if (level == 0)
            {
                _path[depth] = new PathFrame(block, LeafNode.Search(block.Body, key), low, high);
                return depth;
            }
            var index = InternalNode.FindChild(block.Body, key);
            _path[depth] = new PathFrame(block, index, low, high);
            (low, high) = InternalNode.ChildBounds(block.Body, index, low, high);
            block = await ReadNodeAsync(InternalNode.ChildAt(block.Body, index), --level, low, high, ct).ConfigureAwait(false);
        }
    }

    private byte[] Scratch() => _scratch ??= new byte[_bodyBytes];

    [Conditional("DEBUG")]
    private static void AssertSound(MetadataBlock block)
    {
        var problem = NodeVerifier.Verify(block.Body);
        Debug.Assert(problem is null, $"{block} after a change: {problem}");
    }

    [DoesNotReturn]
    private static void ThrowCorrupt(MetadataBlock block, string problem) =>
        throw new FsCorruptionException($"tree node {block.Address} ({block.Kind}): {problem}");
}
