using System.Buffers.Binary;

namespace Layered.Fs.Trees;

/// <summary>
/// The header every tree node keeps at the start of its block body, and the key encoding shared
/// by leaves and internal nodes. Offsets are from the start of the body (block byte 64), which
/// keeps them below 65536 for every block size. Layout: docs/format.md, "Filesystem B+tree nodes".
/// </summary>
internal static class NodeLayout
{
    public const int HeaderBytes = 16;
    public const int KeyBytes = 16;
    public const int MaxLevel = 32;
    public const int MaxBodyBytes = ushort.MaxValue;
    private const int LevelOffset = 0;
    private const int CountOffset = 2;
    private const int ValuesStartOffset = 4;
    public const int ReservedOffset = 6;

    public static int Level(ReadOnlySpan<byte> body) => BinaryPrimitives.ReadUInt16LittleEndian(body[LevelOffset..]);

    public static int Count(ReadOnlySpan<byte> body) => BinaryPrimitives.ReadUInt16LittleEndian(body[CountOffset..]);

    /// <summary>Where a leaf's packed values begin; zero in internal nodes.</summary>
    public static int ValuesStart(ReadOnlySpan<byte> body) => BinaryPrimitives.ReadUInt16LittleEndian(body[ValuesStartOffset..]);

    public static void SetCount(Span<byte> body, int count) => BinaryPrimitives.WriteUInt16LittleEndian(body[CountOffset..], checked((ushort)count));

    public static void SetValuesStart(Span<byte> body, int offset) => BinaryPrimitives.WriteUInt16LittleEndian(body[ValuesStartOffset..], checked((ushort)offset));

    /// <summary>Writes an empty node's header; a reused or fresh block may hold anything before.</summary>
    public static void Init(Span<byte> body, int level, int valuesStart)
    {
        body[..HeaderBytes].Clear();
        BinaryPrimitives.WriteUInt16LittleEndian(body[LevelOffset..], checked((ushort)level));
        SetValuesStart(body, valuesStart);
    }

    public static TreeKey ReadKey(ReadOnlySpan<byte> at) =>
        new(BinaryPrimitives.ReadUInt64LittleEndian(at), BinaryPrimitives.ReadUInt64LittleEndian(at[8..]));

    public static void WriteKey(Span<byte> at, TreeKey key)
    {
        BinaryPrimitives.WriteUInt64LittleEndian(at, key.Hi);
        BinaryPrimitives.WriteUInt64LittleEndian(at[8..], key.Lo);
    }
}
