using Layered.Fs.Format;

namespace Layered.Fs.Trees;

public sealed partial class BTree
{
    /// <summary>Removes <paramref name="key"/>; false when it was absent.</summary>
    public async ValueTask<bool> DeleteAsync(TreeKey key, CancellationToken ct = default)
    {
        var root = _getRoot();
        if (root.IsNone) return false;
        var depth = await DescendAsync(root, key, ct).ConfigureAwait(false);
        var leaf = _path[depth];
        if (leaf.Index < 0) return false;
        _space.Dirty(leaf.Block);
        LeafNode.RemoveAt(leaf.Block.Body, leaf.Index);
        if (NodeLayout.Count(leaf.Block.Body) > 0)
        {
            AssertSound(leaf.Block);
            return true;
        }
        // Empty nodes are never kept: free them upwards until a parent keeps other children.
        while (depth > 0 && NodeLayout.Count(_path[depth].Block.Body) == 0)
        {
            _space.Free(_path[depth].Block);
            var parent = _path[--depth];
            _space.Dirty(parent.Block);
            InternalNode.RemoveAt(parent.Block.Body, parent.Index);
        }
        if (depth > 0)
        {
            AssertSound(_path[depth].Block);
            return true;
        }
        if (NodeLayout.Count(_path[0].Block.Body) == 0)
        {
            _space.Free(_path[0].Block);
            _setRoot(BlockAddress.None);
            return true;
        }
        // The item is gone already; a cancellation now would only leave a level that routes nothing.
        await CollapseRootAsync(CancellationToken.None).ConfigureAwait(false);
        return true;
    }

    /// <summary>A root with one child is a level that routes nothing: its child becomes the root, repeatedly.</summary>
    private async ValueTask CollapseRootAsync(CancellationToken ct)
    {
        var root = _path[0].Block;
        AssertSound(root);
        while (NodeLayout.Level(root.Body) > 0 && NodeLayout.Count(root.Body) == 1)
        {
            var child = await ReadNodeAsync(InternalNode.ChildAt(root.Body, 0), NodeLayout.Level(root.Body) - 1, TreeKey.MinValue, null, ct).ConfigureAwait(false);
            _space.Free(root);
            _setRoot(child.Address);
            root = child;
        }
    }
}
