using Layered.Fs.Cache;

namespace Layered.Fs.Trees;

public sealed partial class BTree
{
    public async ValueTask<byte[]?> GetAsync(TreeKey key, CancellationToken ct = default)
    {
        var root = _getRoot();
        if (root.IsNone) return null;
        var leaf = _path[await DescendAsync(root, key, ct).ConfigureAwait(false)];
        return leaf.Index < 0 ? null : LeafNode.ValueAt(leaf.Block.Body, leaf.Index).ToArray();
    }

    /// <summary>The item with the greatest key at or below <paramref name="key"/>.</summary>
    public async ValueTask<TreeItem?> FloorAsync(TreeKey key, CancellationToken ct = default)
    {
        var root = _getRoot();
        if (root.IsNone) return null;
        var depth = await DescendAsync(root, key, ct).ConfigureAwait(false);
        var leaf = _path[depth];
        if (leaf.Index >= 0) return Item(leaf.Block, leaf.Index);
        if (~leaf.Index > 0) return Item(leaf.Block, ~leaf.Index - 1);
        // Every key here is above the one asked for: the answer ends the previous leaf.
        if (!await StepLeafAsync(depth, forward: false, ct).ConfigureAwait(false)) return null;
        return Item(_path[depth].Block, _path[depth].Index);
    }

    /// <summary>The item with the smallest key at or above <paramref name="key"/>.</summary>
    public async ValueTask<TreeItem?> CeilingAsync(TreeKey key, CancellationToken ct = default)
    {
        var root = _getRoot();
        if (root.IsNone) return null;
        var depth = await DescendAsync(root, key, ct).ConfigureAwait(false);
        var leaf = _path[depth];
        var index = leaf.Index >= 0 ? leaf.Index : ~leaf.Index;
        if (index < NodeLayout.Count(leaf.Block.Body)) return Item(leaf.Block, index);
        if (!await StepLeafAsync(depth, forward: true, ct).ConfigureAwait(false)) return null;
        return Item(_path[depth].Block, 0);
    }

    /// <summary>Up to <paramref name="maxItems"/> items with keys in [from, toExclusive), ascending.</summary>
    public async ValueTask<List<TreeItem>> ScanAsync(TreeKey from, TreeKey toExclusive, int maxItems, CancellationToken ct = default)
    {
        var items = new List<TreeItem>(Math.Clamp(maxItems, 0, 64));
        var root = _getRoot();
        if (root.IsNone || maxItems <= 0 || from >= toExclusive) return items;
        var depth = await DescendAsync(root, from, ct).ConfigureAwait(false);
        var leaf = _path[depth].Block;
        var index = _path[depth].Index >= 0 ? _path[depth].Index : ~_path[depth].Index;
        while (items.Count < maxItems)
        {
            if (index >= NodeLayout.Count(leaf.Body))
            {
                if (!await StepLeafAsync(depth, forward: true, ct).ConfigureAwait(false)) break;
                leaf = _path[depth].Block;
                index = 0;
            }
            var key = LeafNode.KeyAt(leaf.Body, index);
            if (key >= toExclusive) break;
            items.Add(new TreeItem(key, LeafNode.ValueAt(leaf.Body, index).ToArray()));
            index++;
        }
        return items;
    }

    /// <summary>
    /// Moves the path to the next (or previous) leaf, leaving its index at the leaf's first (or
    /// last) item. False when the path already ends at the last (or first) leaf.
    /// </summary>
    private async ValueTask<bool> StepLeafAsync(int leafDepth, bool forward, CancellationToken ct)
    {
        var depth = leafDepth - 1;
        for (; depth >= 0; depth--)
        {
            var next = _path[depth].Index + (forward ? 1 : -1);
            if (next >= 0 && next < NodeLayout.Count(_path[depth].Block.Body))
            {
                _path[depth].Index = next;
                break;
            }
        }
        if (depth < 0) return false;
        for (; depth < leafDepth; depth++)
        {
            var parent = _path[depth];
            var (low, high) = InternalNode.ChildBounds(parent.Block.Body, parent.Index, parent.Low, parent.High);
            var child = await ReadNodeAsync(InternalNode.ChildAt(parent.Block.Body, parent.Index), leafDepth - depth - 1, low, high, ct).ConfigureAwait(false);
            _path[depth + 1] = new PathFrame(child, forward ? 0 : NodeLayout.Count(child.Body) - 1, low, high);
        }
        return true;
    }

    private static TreeItem Item(MetadataBlock leaf, int index) =>
        new(LeafNode.KeyAt(leaf.Body, index), LeafNode.ValueAt(leaf.Body, index).ToArray());
}
