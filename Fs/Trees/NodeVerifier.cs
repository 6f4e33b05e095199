using Layered.Fs.Format;

namespace Layered.Fs.Trees;

/// <summary>
/// Checks a node body for internal consistency: header, counts, value packing, key order and
/// child addresses. It reads only what it has proven lies inside the body, so it never throws,
/// whatever the bytes. Normal operations throw on its answer; <see cref="BTree.CheckAsync"/>
/// reports it. A body that passes can be read with <see cref="LeafNode"/> and
/// <see cref="InternalNode"/> without further bounds checks.
/// </summary>
internal static class NodeVerifier
{
    /// <summary>Null when the body is sound, else what is wrong with it.</summary>
    public static string? Verify(ReadOnlySpan<byte> body)
    {
        if (body.Length < NodeLayout.HeaderBytes + LeafNode.SlotBytes * 2 || body.Length > NodeLayout.MaxBodyBytes)
            return $"a body of {body.Length} bytes cannot hold a tree node";
        var level = NodeLayout.Level(body);
        var count = NodeLayout.Count(body);
        if (level > NodeLayout.MaxLevel) return $"level {level} is above the limit of {NodeLayout.MaxLevel}";
        if (count == 0) return "the node is empty, and empty nodes are never kept";
        if (body[NodeLayout.ReservedOffset..NodeLayout.HeaderBytes].ContainsAnyExcept((byte)0)) return "reserved header bytes are not zero";
        return level == 0 ? VerifyLeaf(body, count) : VerifyInternal(body, count);
    }

    /// <summary>Null when every key of a sound node lies in [low, high), else which one does not.</summary>
    public static string? BoundsProblem(ReadOnlySpan<byte> body, TreeKey low, TreeKey? high)
    {
        var count = NodeLayout.Count(body);
        TreeKey first, last;
        if (NodeLayout.Level(body) == 0)
            (first, last) = (LeafNode.KeyAt(body, 0), LeafNode.KeyAt(body, count - 1));
        else if (count > 1)
            (first, last) = (InternalNode.KeyAt(body, 1), InternalNode.KeyAt(body, count - 1));
        else
            return null;
        // An internal node's first separator must be strictly above low, or child 0 would have an empty range.
        var firstBelow = NodeLayout.Level(body) == 0 ? first < low : first <= low;
        if (firstBelow) return $"key {first} lies below the bound {low} its parent sets";
        if (high is { } h && last >= h) return $"key {last} lies at or above the bound {h} its parent sets";
        return null;
    }

    private static string? VerifyLeaf(ReadOnlySpan<byte> body, int count)
    {
        var valuesStart = NodeLayout.ValuesStart(body);
        var slotsEnd = LeafNode.SlotOffset(count);
        if (slotsEnd > valuesStart || valuesStart > body.Length)
            return $"{count} slots end at byte {slotsEnd} but values begin at byte {valuesStart} of a {body.Length}-byte body";
        var end = body.Length;
        for (var i = 0; i < count; i++)
        {
            var offset = LeafNode.ValueOffset(body, i);
            var length = LeafNode.ValueLength(body, i);
            if (offset < valuesStart || offset + length != end)
                return $"slot {i}'s value ({length} bytes at {offset}) is not packed against byte {end}";
            end = offset;
            if (i > 0 && LeafNode.KeyAt(body, i - 1) >= LeafNode.KeyAt(body, i))
                return $"keys out of order at slots {i - 1} and {i} ({LeafNode.KeyAt(body, i - 1)} then {LeafNode.KeyAt(body, i)})";
        }
        if (end != valuesStart) return $"values begin at byte {end}, not at the recorded {valuesStart}";
        return null;
    }

    private static string? VerifyInternal(ReadOnlySpan<byte> body, int count)
    {
        if (NodeLayout.ValuesStart(body) != 0) return "an internal node records a values offset";
        if (count > InternalNode.Capacity(body.Length)) return $"{count} entries exceed the capacity of {InternalNode.Capacity(body.Length)}";
        if (InternalNode.KeyAt(body, 0) != TreeKey.MinValue) return $"entry 0 carries key {InternalNode.KeyAt(body, 0)}, which must be zero";
        for (var i = 0; i < count; i++)
        {
            var packed = InternalNode.PackedChildAt(body, i);
            var child = BlockAddress.Unpack(packed);
            if (child.IsNone || child.Volume >= BlockAddress.MaxVolumes) return $"entry {i} names no valid child ({packed:x16})";
            if (i > 1 && InternalNode.KeyAt(body, i - 1) >= InternalNode.KeyAt(body, i))
                return $"keys out of order at entries {i - 1} and {i} ({InternalNode.KeyAt(body, i - 1)} then {InternalNode.KeyAt(body, i)})";
        }
        return null;
    }
}
