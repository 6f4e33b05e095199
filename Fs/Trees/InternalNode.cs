using System.Buffers.Binary;
using Layered.Fs.Format;

namespace Layered.Fs.Trees;

/// <summary>
/// An internal node: entries of (separator key, packed child address) sorted by key. Entry 0's
/// key is always zero and never compared: child 0 holds everything below entry 1's key that the
/// parent lets this node hold. Child i holds keys in [key i, key i+1).
/// </summary>
internal static class InternalNode
{
    public const int EntryBytes = NodeLayout.KeyBytes + 8;

    public static int Capacity(int bodyBytes) => (bodyBytes - NodeLayout.HeaderBytes) / EntryBytes;

    public static void Init(Span<byte> body, int level) => NodeLayout.Init(body, level, 0);

    public static bool IsFull(ReadOnlySpan<byte> body) => NodeLayout.Count(body) >= Capacity(body.Length);

    public static int EntryOffset(int index) => NodeLayout.HeaderBytes + index * EntryBytes;

    public static TreeKey KeyAt(ReadOnlySpan<byte> body, int index) => NodeLayout.ReadKey(body[EntryOffset(index)..]);

    public static ulong PackedChildAt(ReadOnlySpan<byte> body, int index) => BinaryPrimitives.ReadUInt64LittleEndian(body[(EntryOffset(index) + 16)..]);

    public static BlockAddress ChildAt(ReadOnlySpan<byte> body, int index) => BlockAddress.Unpack(PackedChildAt(body, index));

    /// <summary>The child whose range holds <paramref name="key"/>: the last entry from 1 on whose key is not above it, else 0.</summary>
    public static int FindChild(ReadOnlySpan<byte> body, TreeKey key)
    {
        int lo = 1, hi = NodeLayout.Count(body) - 1;
        while (lo <= hi)
        {
            var mid = (lo + hi) >>> 1;
            if (KeyAt(body, mid) <= key) lo = mid + 1; else hi = mid - 1;
        }
        return lo - 1;
    }

    /// <summary>The range child <paramref name="index"/> may hold, inside the node's own [low, high).</summary>
    public static (TreeKey Low, TreeKey? High) ChildBounds(ReadOnlySpan<byte> body, int index, TreeKey low, TreeKey? high) =>
        (index == 0 ? low : KeyAt(body, index), index == NodeLayout.Count(body) - 1 ? high : KeyAt(body, index + 1));

    public static void InsertAt(Span<byte> body, int index, TreeKey key, BlockAddress child)
    {
        var count = NodeLayout.Count(body);
        body[EntryOffset(index)..EntryOffset(count)].CopyTo(body[EntryOffset(index + 1)..]);
        WriteEntry(body, index, key, child);
        NodeLayout.SetCount(body, count + 1);
    }

    public static void RemoveAt(Span<byte> body, int index)
    {
        var count = NodeLayout.Count(body);
        body[EntryOffset(index + 1)..EntryOffset(count)].CopyTo(body[EntryOffset(index)..]);
        NodeLayout.SetCount(body, count - 1);
        if (index == 0 && count > 1) NodeLayout.WriteKey(body[EntryOffset(0)..], TreeKey.MinValue);
    }

    public static void Append(Span<byte> body, TreeKey key, BlockAddress child) => InsertAt(body, NodeLayout.Count(body), key, child);

    /// <summary>Entry 0's key is not stored, so a node that gains a new first entry forgets its key.</summary>
    public static void ClearFirstKey(Span<byte> body) => NodeLayout.WriteKey(body[EntryOffset(0)..], TreeKey.MinValue);

    private static void WriteEntry(Span<byte> body, int index, TreeKey key, BlockAddress child)
    {
        var entry = body[EntryOffset(index)..];
        NodeLayout.WriteKey(entry, key);
        BinaryPrimitives.WriteUInt64LittleEndian(entry[16..], child.Pack());
    }
}
