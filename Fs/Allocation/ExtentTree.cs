using System.Diagnostics;

namespace Layered.Fs.Allocation;

/// <summary>
/// An ordered set of disjoint, never-adjacent extents (adjacent ones are merged on insert),
/// searchable by position and by size in O(log n) of the number of extents. It is a treap keyed
/// by start; every node also knows the longest extent in its subtree, which is what lets
/// "the first extent at or after X that holds at least N blocks" skip whole subtrees.
/// </summary>
internal sealed class ExtentTree
{
    private sealed class Node(long start, long count, uint priority)
    {
        public readonly long Start = start;
        public readonly long Count = count;
        public readonly uint Priority = priority;
        public long MaxCount = count;
        public Node? Left;
        public Node? Right;

        public BlockExtent Extent => new(Start, Count);
    }

    private Node? _root;
    private uint _priorityState = 0x9E3779B9; // fixed, so a replayed test builds the same shape

    /// <summary>Blocks in all extents.</summary>
    public long Blocks { get; private set; }

    /// <summary>Number of extents.</summary>
    public int Count { get; private set; }

    /// <summary>The length of the longest extent, 0 when empty.</summary>
    public long LargestCount => _root?.MaxCount ?? 0;

    /// <summary>The extent holding <paramref name="block"/>, if any.</summary>
    public BlockExtent? Containing(long block)
    {
        var floor = Floor(block);
        return floor is not null && block < floor.Start + floor.Count ? floor.Extent : null;
    }

    /// <summary>The first extent starting at or after <paramref name="block"/> with at least <paramref name="minCount"/> blocks.</summary>
    public BlockExtent? FirstAtOrAfter(long block, long minCount) => FindFirst(_root, block, minCount)?.Extent;

    /// <summary>Like <see cref="FirstAtOrAfter"/>, but when nothing fits after <paramref name="block"/> it searches again from 0.</summary>
    public BlockExtent? FirstAtOrAfterWrapping(long block, long minCount) =>
        FirstAtOrAfter(block, minCount) ?? (block > 0 ? FirstAtOrAfter(0, minCount) : null);

    /// <summary>Adds an extent that overlaps none in the set, merging it with neighbours it touches.</summary>
    public void Add(BlockExtent extent)
    {
        Debug.Assert(extent.Count > 0, $"empty extent {extent}");
        var start = extent.Start;
        var end = extent.End;
        var before = Floor(start);
        var after = FindFirst(_root, start, 1);
        if ((before is not null && before.Start + before.Count > start) || (after is not null && after.Start < end))
            throw new InvalidOperationException($"extent {extent} overlaps one already in the set");
        if (before is not null && before.Start + before.Count == start)
        {
            Delete(before);
            start = before.Start;
        }
        if (after is not null && after.Start == end)
        {
            Delete(after);
            end = after.Start + after.Count;
        }
        Insert(new Node(start, end - start, NextPriority()));
    }

    /// <summary>Removes every block of <paramref name="extent"/> from the set, splitting extents it cuts; returns how many blocks were removed.</summary>
    public long Remove(BlockExtent extent)
    {
        long removed = 0;
        // Always cut the last extent that starts before the end: disjointness means once it ends
        // at or before our start, nothing earlier can overlap either. The pieces left outside
        // the range are reinserted and stop the loop.
        while (Floor(extent.End - 1) is { } cut && cut.Start + cut.Count > extent.Start)
        {
            Delete(cut);
            var cutEnd = cut.Start + cut.Count;
            if (cut.Start < extent.Start) Insert(new Node(cut.Start, extent.Start - cut.Start, NextPriority()));
            if (cutEnd > extent.End) Insert(new Node(extent.End, cutEnd - extent.End, NextPriority()));
            removed += Math.Min(cutEnd, extent.End) - Math.Max(cut.Start, extent.Start);
        }
        return removed;
    }

    public void Clear()
    {
        _root = null;
        Blocks = 0;
        Count = 0;
    }

    /// <summary>The extents in block order.</summary>
    public List<BlockExtent> ToList()
    {
        var result = new List<BlockExtent>(Count);
        var stack = new Stack<Node>();
        var node = _root;
        while (node is not null || stack.Count > 0)
        {
            for (; node is not null; node = node.Left) stack.Push(node);
            node = stack.Pop();
            result.Add(node.Extent);
            node = node.Right;
        }
        return result;
    }

    /// <summary>The last node starting at or before <paramref name="block"/>.</summary>
    private Node? Floor(long block)
    {
        Node? best = null;
        for (var node = _root; node is not null;)
        {
            if (node.Start <= block)
            {
                best = node;
                node = node.Right;
            }
            else node = node.Left;
        }
        return best;
    }

    // Inside a subtree whose keys all qualify, the size pruning leaves a single path, so the
    // whole search walks the boundary path plus one descent: O(depth).
    private static Node? FindFirst(Node? node, long block, long minCount)
    {
        if (node is null || node.MaxCount < minCount) return null;
        if (node.Start < block) return FindFirst(node.Right, block, minCount);
        var left = FindFirst(node.Left, block, minCount);
        if (left is not null) return left;
        return node.Count >= minCount ? node : FindFirst(node.Right, block, minCount);
    }

    private void Insert(Node node)
    {
        var (left, right) = Split(_root, node.Start);
        _root = Merge(Merge(left, node), right);
        Blocks += node.Count;
        Count++;
    }

    private void Delete(Node node)
    {
        var (left, rest) = Split(_root, node.Start);
        var (middle, right) = Split(rest, node.Start + 1);
        Debug.Assert(middle == node && node.Left is null && node.Right is null, $"deleting {node.Extent} found another subtree");
        _root = Merge(left, right);
        Blocks -= node.Count;
        Count--;
    }

    /// <summary>Splits into the nodes starting before <paramref name="key"/> and the rest.</summary>
    private static (Node? Before, Node? AtOrAfter) Split(Node? node, long key)
    {
        if (node is null) return (null, null);
        if (node.Start < key)
        {
            var (before, atOrAfter) = Split(node.Right, key);
            node.Right = before;
            Update(node);
            return (node, atOrAfter);
        }
        else
        {
            var (before, atOrAfter) = Split(node.Left, key);
            node.Left = atOrAfter;
            Update(node);
            return (before, node);
        }
    }

    /// <summary>Joins two treaps where every key of <paramref name="low"/> is below every key of <paramref name="high"/>.</summary>
    private static Node? Merge(Node? low, Node? high)
    {
        if (low is null) return high;
        if (high is null) return low;
        if (low.Priority > high.Priority)
        {
            low.Right = Merge(low.Right, high);
            Update(low);
            return low;
        }
        high.Left = Merge(low, high.Left);
        Update(high);
        return high;
    }

    private static void Update(Node node) =>
        node.MaxCount = Math.Max(node.Count, Math.Max(node.Left?.MaxCount ?? 0, node.Right?.MaxCount ?? 0));

    private uint NextPriority()
    {
        // xorshift32: cheap, and good enough to keep the treap balanced in expectation
        var x = _priorityState;
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        return _priorityState = x;
    }
}
