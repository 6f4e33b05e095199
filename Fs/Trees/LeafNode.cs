using System.Buffers.Binary;
using System.Diagnostics;

namespace Layered.Fs.Trees;

/// <summary>
/// A leaf: a slot array of (key, value offset, value length) sorted by key after the header, and
/// the values packed against the end of the body in slot order (slot 0's value last). The packing
/// is canonical, so every offset follows from the lengths and a verifier can check it in one
/// pass. Callers pass bodies already checked by <see cref="NodeVerifier"/>.
/// </summary>
internal static class LeafNode
{
    public const int SlotBytes = NodeLayout.KeyBytes + 4;

    /// <summary>
    /// Half the space after the header, less one slot: any two items then fit in one node, so a
    /// split of a full leaf plus one item always yields two leaves that fit.
    /// </summary>
    public static int MaxValueBytes(int bodyBytes) => (bodyBytes - NodeLayout.HeaderBytes) / 2 - SlotBytes;

    public static void Init(Span<byte> body) => NodeLayout.Init(body, 0, body.Length);

    public static int SlotOffset(int index) => NodeLayout.HeaderBytes + index * SlotBytes;

    public static TreeKey KeyAt(ReadOnlySpan<byte> body, int index) => NodeLayout.ReadKey(body[SlotOffset(index)..]);

    public static int ValueOffset(ReadOnlySpan<byte> body, int index) => BinaryPrimitives.ReadUInt16LittleEndian(body[(SlotOffset(index) + 16)..]);

    public static int ValueLength(ReadOnlySpan<byte> body, int index) => BinaryPrimitives.ReadUInt16LittleEndian(body[(SlotOffset(index) + 18)..]);

    public static ReadOnlySpan<byte> ValueAt(ReadOnlySpan<byte> body, int index) => body.Slice(ValueOffset(body, index), ValueLength(body, index));

    public static int FreeBytes(ReadOnlySpan<byte> body) => NodeLayout.ValuesStart(body) - SlotOffset(NodeLayout.Count(body));

    /// <summary>The index of <paramref name="key"/>, or the bitwise complement of where it would go.</summary>
    public static int Search(ReadOnlySpan<byte> body, TreeKey key)
    {
        int lo = 0, hi = NodeLayout.Count(body) - 1;
        while (lo <= hi)
        {
            var mid = (lo + hi) >>> 1;
            var order = KeyAt(body, mid).CompareTo(key);
            if (order == 0) return mid;
            if (order < 0) lo = mid + 1; else hi = mid - 1;
        }
        return ~lo;
    }

    public static void InsertAt(Span<byte> body, int index, TreeKey key, ReadOnlySpan<byte> value)
    {
        var count = NodeLayout.Count(body);
        Debug.Assert(FreeBytes(body) >= SlotBytes + value.Length, $"leaf needs {SlotBytes + value.Length} bytes, has {FreeBytes(body)}");
        var valuesStart = NodeLayout.ValuesStart(body);
        var end = index == 0 ? body.Length : ValueOffset(body, index - 1);
        // The values of the slots after index sit below end; they move down to make room.
        body[valuesStart..end].CopyTo(body[(valuesStart - value.Length)..]);
        for (var i = index; i < count; i++) SetOffset(body, i, ValueOffset(body, i) - value.Length);
        body[SlotOffset(index)..SlotOffset(count)].CopyTo(body[SlotOffset(index + 1)..]);
        WriteSlot(body, index, key, end - value.Length, value.Length);
        value.CopyTo(body[(end - value.Length)..]);
        NodeLayout.SetCount(body, count + 1);
        NodeLayout.SetValuesStart(body, valuesStart - value.Length);
    }

    public static void RemoveAt(Span<byte> body, int index)
    {
        var count = NodeLayout.Count(body);
        var valuesStart = NodeLayout.ValuesStart(body);
        var offset = ValueOffset(body, index);
        var length = ValueLength(body, index);
        body[valuesStart..offset].CopyTo(body[(valuesStart + length)..]);
        for (var i = index + 1; i < count; i++) SetOffset(body, i, ValueOffset(body, i) + length);
        body[SlotOffset(index + 1)..SlotOffset(count)].CopyTo(body[SlotOffset(index)..]);
        NodeLayout.SetCount(body, count - 1);
        NodeLayout.SetValuesStart(body, valuesStart + length);
    }

    public static void ReplaceAt(Span<byte> body, int index, ReadOnlySpan<byte> value)
    {
        if (ValueLength(body, index) == value.Length)
        {
            value.CopyTo(body[ValueOffset(body, index)..]);
            return;
        }
        var key = KeyAt(body, index);
        RemoveAt(body, index);
        InsertAt(body, index, key, value);
    }

    public static void Append(Span<byte> body, TreeKey key, ReadOnlySpan<byte> value) => InsertAt(body, NodeLayout.Count(body), key, value);

    private static void SetOffset(Span<byte> body, int index, int offset) =>
        BinaryPrimitives.WriteUInt16LittleEndian(body[(SlotOffset(index) + 16)..], (ushort)offset);

    private static void WriteSlot(Span<byte> body, int index, TreeKey key, int offset, int length)
    {
        var slot = body[SlotOffset(index)..];
        NodeLayout.WriteKey(slot, key);
        BinaryPrimitives.WriteUInt16LittleEndian(slot[16..], (ushort)offset);
        BinaryPrimitives.WriteUInt16LittleEndian(slot[18..], (ushort)length);
    }
}
