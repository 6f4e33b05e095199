using System.Buffers.Binary;

namespace Layered.Fs.Format;

/// <summary>
/// One extent of a file, stored in the extent tree under key (ino, first file block): where its
/// blocks are and whether they were ever written. Layout: docs/format.md, "Extent record".
/// </summary>
public readonly record struct ExtentRecord(BlockAddress Start, long Count, bool Unwritten)
{
    public const int Bytes = 20;
    private const uint UnwrittenFlag = 1;

    public byte[] Encode()
    {
        var data = new byte[Bytes];
        BinaryPrimitives.WriteUInt64LittleEndian(data, Start.Pack());
        BinaryPrimitives.WriteInt64LittleEndian(data.AsSpan(8), Count);
        BinaryPrimitives.WriteUInt32LittleEndian(data.AsSpan(16), Unwritten ? UnwrittenFlag : 0);
        return data;
    }

    public static ExtentRecord? Decode(ReadOnlySpan<byte> span)
    {
        if (span.Length != Bytes) return null;
        var count = BinaryPrimitives.ReadInt64LittleEndian(span[8..]);
        var flags = BinaryPrimitives.ReadUInt32LittleEndian(span[16..]);
        if (count <= 0 || (flags & ~UnwrittenFlag) != 0) return null;
        return new ExtentRecord(BlockAddress.Unpack(BinaryPrimitives.ReadUInt64LittleEndian(span)), count, (flags & UnwrittenFlag) != 0);
    }
}
