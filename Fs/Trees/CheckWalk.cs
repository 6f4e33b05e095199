using Layered.Fs.Format;

namespace Layered.Fs.Trees;

/// <summary>What <see cref="BTree.CheckAsync"/> gathers on its way through a tree.</summary>
internal sealed class CheckWalk
{
    private readonly Dictionary<BlockAddress, BlockAddress> _parents = [];
    private readonly List<BlockAddress> _blocks = [];
    private readonly List<string> _problems = [];
    private readonly SortedDictionary<int, (long Leaves, BlockAddress Example)> _leafDepths = [];
    private long _items;

    /// <summary>Records a reference; false when the block was reached before, which is reported.</summary>
    public bool Visit(BlockAddress address, BlockAddress parent)
    {
        if (_parents.TryGetValue(address, out var first))
        {
            Problem($"node {address} is referenced by {Name(parent)} after {Name(first)}: a shared node or a cycle");
            return false;
        }
        _parents.Add(address, parent);
        _blocks.Add(address);
        return true;
    }

    public void Leaf(BlockAddress address, int depth, int items)
    {
        _items += items;
        _leafDepths[depth] = _leafDepths.TryGetValue(depth, out var seen) ? (seen.Leaves + 1, seen.Example) : (1, address);
    }

    public void Problem(string problem) => _problems.Add(problem);

    public TreeCheck Finish()
    {
        if (_leafDepths.Count > 1)
            Problem("leaves sit at different depths: " + string.Join(", ", _leafDepths.Select(d => $"{d.Value.Leaves} at depth {d.Key} (e.g. {d.Value.Example})")));
        var depth = _leafDepths.Count == 0 ? 0 : _leafDepths.Keys.Max() + 1;
        return new TreeCheck(_blocks, _items, depth, _problems);
    }

    private static string Name(BlockAddress node) => node.IsNone ? "the root pointer" : $"node {node}";
}
