using System.Diagnostics;
using Layered.Fs.Cache;
using Layered.Fs.Format;

namespace Layered.Fs.Trees;

public sealed partial class BTree
{
    /// <summary>Inserts or replaces; the value may change length. True when a value was replaced.</summary>
    public async ValueTask<bool> PutAsync(TreeKey key, ReadOnlyMemory<byte> value, CancellationToken ct = default)
    {
        if (value.Length > MaxValueBytes)
            throw new ArgumentException($"a value of {value.Length} bytes is longer than the {MaxValueBytes} a tree node takes", nameof(value));
        var root = _getRoot();
        if (root.IsNone)
        {
            var first = await _space.AllocateAsync(_kind, NodeOwner, ct).ConfigureAwait(false);
            LeafNode.Init(first.Body);
            LeafNode.Append(first.Body, key, value.Span);
            _setRoot(first.Address);
            return false;
        }
        var depth = await DescendAsync(root, key, ct).ConfigureAwait(false);
        var leaf = _path[depth].Block;
        var found = _path[depth].Index >= 0;
        var index = found ? _path[depth].Index : ~_path[depth].Index;
        var needed = found ? value.Length - LeafNode.ValueLength(leaf.Body, index) : LeafNode.SlotBytes + value.Length;
        if (LeafNode.FreeBytes(leaf.Body) >= needed)
        {
            _space.Dirty(leaf);
            if (found) LeafNode.ReplaceAt(leaf.Body, index, value.Span);
            else LeafNode.InsertAt(leaf.Body, index, key, value.Span);
            AssertSound(leaf);
            return found;
        }
        // Everything the split will touch joins the transaction, and every block it needs is
        // allocated, before any byte changes: running out of space leaves the tree as it was.
        var fresh = await PrepareSplitAsync(depth, ct).ConfigureAwait(false);
        if (found) LeafNode.RemoveAt(leaf.Body, index);
        var separator = SplitLeaf(leaf, fresh[0], index, key, value.Span);
        RaiseSplit(depth, separator, fresh);
        return found;
    }

    /// <summary>
    /// Dirties the leaf and every ancestor the split will change (each full one splits too, up to
    /// the first with room), and allocates one block per split plus a new root if the root splits.
    /// </summary>
    private async ValueTask<MetadataBlock[]> PrepareSplitAsync(int leafDepth, CancellationToken ct)
    {
        _space.Dirty(_path[leafDepth].Block);
        var splits = 1;
        var depth = leafDepth - 1;
        for (; depth >= 0; depth--)
        {
            _space.Dirty(_path[depth].Block);
            if (!InternalNode.IsFull(_path[depth].Block.Body)) break;
            splits++;
        }
        if (depth < 0 && leafDepth + 1 > NodeLayout.MaxLevel)
            throw new InvalidOperationException($"the tree would grow past {NodeLayout.MaxLevel} levels");
        var fresh = new MetadataBlock[depth < 0 ? splits + 1 : splits];
        var allocated = 0;
        try
        {
            for (; allocated < fresh.Length; allocated++) fresh[allocated] = await _space.AllocateAsync(_kind, NodeOwner, ct).ConfigureAwait(false);
        }
        catch
        {
            for (var i = 0; i < allocated; i++) _space.Free(fresh[i]);
            throw;
        }
        return fresh;
    }

    /// <summary>Inserts the separator of a split child into each ancestor, splitting full ones, and grows a new root if the old one split.</summary>
    private void RaiseSplit(int leafDepth, TreeKey separator, MetadataBlock[] fresh)
    {
        var right = fresh[0].Address;
        var used = 1;
        for (var depth = leafDepth - 1; depth >= 0; depth--)
        {
            var parent = _path[depth];
            if (!InternalNode.IsFull(parent.Block.Body))
            {
                InternalNode.InsertAt(parent.Block.Body, parent.Index + 1, separator, right);
                AssertSound(parent.Block);
                return;
            }
            var sibling = fresh[used++];
            separator = SplitInternal(parent.Block, sibling, parent.Index + 1, separator, right);
            right = sibling.Address;
        }
        var root = fresh[used];
        InternalNode.Init(root.Body, leafDepth + 1);
        InternalNode.Append(root.Body, TreeKey.MinValue, _path[0].Block.Address);
        InternalNode.Append(root.Body, separator, right);
        AssertSound(root);
        _setRoot(root.Address);
    }

    /// <summary>Spreads a full leaf's items and one new one over it and <paramref name="right"/>; returns right's first key.</summary>
    private TreeKey SplitLeaf(MetadataBlock left, MetadataBlock right, int index, TreeKey key, ReadOnlySpan<byte> value)
    {
        var old = Scratch().AsSpan();
        left.Body.CopyTo(old);
        var count = NodeLayout.Count(old);
        var split = ChooseLeafSplit(old, index, value.Length);
        LeafNode.Init(left.Body);
        LeafNode.Init(right.Body);
        for (var v = 0; v <= count; v++)
        {
            var target = v < split ? left.Body : right.Body;
            if (v == index) LeafNode.Append(target, key, value);
            else
            {
                var from = v < index ? v : v - 1;
                LeafNode.Append(target, LeafNode.KeyAt(old, from), LeafNode.ValueAt(old, from));
            }
        }
        AssertSound(left);
        AssertSound(right);
        return LeafNode.KeyAt(right.Body, 0);
    }

    /// <summary>
    /// How many of the count + 1 items stay left. An item added at the end leaves the old leaf
    /// full, so ascending inserts pack leaves; otherwise the bytes are halved as nearly as fits.
    /// </summary>
    private int ChooseLeafSplit(ReadOnlySpan<byte> old, int index, int valueBytes)
    {
        var count = NodeLayout.Count(old);
        Debug.Assert(count >= 1, "a leaf that needs a split holds items");
        if (index == count) return count;
        var capacity = _bodyBytes - NodeLayout.HeaderBytes;
        var total = LeafNode.SlotOffset(count) - NodeLayout.HeaderBytes + (_bodyBytes - NodeLayout.ValuesStart(old)) + LeafNode.SlotBytes + valueBytes;
        int best = -1, bestSkew = int.MaxValue, prefix = 0;
        for (var k = 1; k <= count; k++)
        {
            var v = k - 1;
            prefix += LeafNode.SlotBytes + (v == index ? valueBytes : LeafNode.ValueLength(old, v < index ? v : v - 1));
            var skew = Math.Abs(2 * prefix - total);
            if (prefix <= capacity && total - prefix <= capacity && skew < bestSkew) (best, bestSkew) = (k, skew);
        }
        Debug.Assert(best > 0, $"no split of {count + 1} items ({total} bytes) fits two leaves of {capacity}");
        return best;
    }

    /// <summary>Spreads a full internal node's entries and one new one over it and <paramref name="right"/>; returns the separator that moves up.</summary>
    private TreeKey SplitInternal(MetadataBlock left, MetadataBlock right, int index, TreeKey key, BlockAddress child)
    {
        var old = Scratch().AsSpan();
        left.Body.CopyTo(old);
        var count = NodeLayout.Count(old);
        var level = NodeLayout.Level(old);
        var split = index == count ? count : (count + 1) / 2;
        InternalNode.Init(left.Body, level);
        InternalNode.Init(right.Body, level);
        for (var v = 0; v <= count; v++)
        {
            var target = v < split ? left.Body : right.Body;
            if (v == index) InternalNode.Append(target, key, child);
            else
            {
                var from = v < index ? v : v - 1;
                InternalNode.Append(target, InternalNode.KeyAt(old, from), InternalNode.ChildAt(old, from));
            }
        }
        var separator = InternalNode.KeyAt(right.Body, 0);
        InternalNode.ClearFirstKey(right.Body);
        AssertSound(left);
        AssertSound(right);
        return separator;
    }
}
