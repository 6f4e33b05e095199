using Layered.Fs.Cache;
using Layered.Fs.Format;

namespace Layered.Fs.Trees;

public sealed partial class BTree
{
    /// <summary>
    /// Walks every node for fsck. It reports what is wrong rather than throwing: a node that
    /// cannot be read or fails its checks is listed as a problem, and the walk goes on with
    /// the rest of the tree. Each node is read fresh and verified, whatever was seen before.
    /// </summary>
    public async ValueTask<TreeCheck> CheckAsync(CancellationToken ct = default)
    {
        var walk = new CheckWalk();
        var root = _getRoot();
        if (!root.IsNone) await CheckNodeAsync(walk, root, BlockAddress.None, 0, -1, TreeKey.MinValue, null, ct).ConfigureAwait(false);
        return walk.Finish();
    }

    private async ValueTask CheckNodeAsync(CheckWalk walk, BlockAddress address, BlockAddress parent, int depth, int level,
        TreeKey low, TreeKey? high, CancellationToken ct)
    {
        var from = parent.IsNone ? "the root pointer" : $"node {parent}";
        if (!walk.Visit(address, parent)) return;
        if (depth > NodeLayout.MaxLevel)
        {
            walk.Problem($"node {address}, referenced by {from}, sits {depth} levels deep, below any sound tree");
            return;
        }
        MetadataBlock block;
        try
        {
            block = await _space.ReadAsync(address, _kind, ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            walk.Problem($"node {address}, referenced by {from}, cannot be read: {e.Message}");
            return;
        }
        var body = block.Body;
        var broken = block.Data.Length != _space.BlockSize ? $"is {block.Data.Length} bytes, not {_space.BlockSize}" : NodeVerifier.Verify(body);
        if (broken is not null)
        {
            walk.Problem($"node {address}, referenced by {from}: {broken}");
            return;
        }
        var ownLevel = NodeLayout.Level(body);
        if (level >= 0 && ownLevel != level)
            walk.Problem($"node {address} has level {ownLevel} but sits at depth {depth} under {from}, where level {level} belongs");
        if (NodeVerifier.BoundsProblem(body, low, high) is { } outside)
            walk.Problem($"node {address}: {outside} ({from} allows [{low}, {(high is { } h ? h.ToString() : "end")}))");
        var count = NodeLayout.Count(body);
        if (ownLevel == 0)
        {
            walk.Leaf(address, depth, count);
            return;
        }
        if (parent.IsNone && count == 1) walk.Problem($"root node {address} routes to a single child and should have collapsed");
        for (var i = 0; i < count; i++)
        {
            // The block may be evicted while children are read, so take what is needed first.
            var child = InternalNode.ChildAt(block.Body, i);
            var (childLow, childHigh) = InternalNode.ChildBounds(block.Body, i, low, high);
            await CheckNodeAsync(walk, child, address, depth + 1, ownLevel - 1, childLow, childHigh, ct).ConfigureAwait(false);
        }
    }
}
