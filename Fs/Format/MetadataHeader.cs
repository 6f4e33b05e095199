using System.Buffers.Binary;
using Layered.BlockStack.Integrity;

namespace Layered.Fs.Format;

/// <summary>
/// The 64 bytes that begin every metadata block and make it self-describing: what it is, where
/// it belongs, whose it is, which transaction wrote it, and a crc32c over the whole block. A
/// block is sealed right before it is written and verified right after it is read, and the
/// check stays on in Release (docs/format.md, "Filesystem metadata block header").
/// </summary>
public static class MetadataHeader
{
    public const int Bytes = 64;
    public const uint Magic = 0x5346594C; // "LYFS" little-endian
    public const ushort Version = 1;
    private const int CrcOffset = 8;

    /// <summary>Writes the header of <paramref name="block"/> (whose body is already filled) and its checksum.</summary>
    public static void Seal(Span<byte> block, MetadataKind kind, BlockAddress address, Guid fsId, ulong owner, ulong transaction)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(block, Magic);
        BinaryPrimitives.WriteUInt16LittleEndian(block[4..], (ushort)kind);
        BinaryPrimitives.WriteUInt16LittleEndian(block[6..], Version);
        BinaryPrimitives.WriteUInt32LittleEndian(block[CrcOffset..], 0);
        BinaryPrimitives.WriteUInt32LittleEndian(block[12..], 0);
        BinaryPrimitives.WriteUInt64LittleEndian(block[16..], address.Pack());
        fsId.TryWriteBytes(block[24..], bigEndian: true, out _);
        BinaryPrimitives.WriteUInt64LittleEndian(block[40..], owner);
        BinaryPrimitives.WriteUInt64LittleEndian(block[48..], transaction);
        block[56..Bytes].Clear();
        BinaryPrimitives.WriteUInt32LittleEndian(block[CrcOffset..], Crc32C.Compute(block));
    }

    /// <summary>
    /// Checks a block read from <paramref name="address"/>: magic, version, kind, checksum, the
    /// address it claims (a misdirected write shows here), and the filesystem it belongs to.
    /// Returns null when it is sound, else what is wrong.
    /// </summary>
    public static string? Verify(ReadOnlySpan<byte> block, MetadataKind kind, BlockAddress address, Guid fsId)
    {
        if (block.Length < Bytes) return $"block {address} is {block.Length} bytes, shorter than its header";
        if (BinaryPrimitives.ReadUInt32LittleEndian(block) != Magic) return $"block {address} has no metadata magic";
        if (BinaryPrimitives.ReadUInt16LittleEndian(block[6..]) != Version)
            return $"block {address} has format version {BinaryPrimitives.ReadUInt16LittleEndian(block[6..])}, expected {Version}";
        var stored = BinaryPrimitives.ReadUInt32LittleEndian(block[CrcOffset..]);
        var computed = Crc32C.ComputeWithZeroedField(block, CrcOffset);
        if (stored != computed) return $"block {address} fails its checksum (stored {stored:x8}, computed {computed:x8})";
        var actualKind = (MetadataKind)BinaryPrimitives.ReadUInt16LittleEndian(block[4..]);
        if (actualKind != kind) return $"block {address} holds {actualKind}, expected {kind}";
        var claimed = BlockAddress.Unpack(BinaryPrimitives.ReadUInt64LittleEndian(block[16..]));
        if (claimed != address) return $"block {address} says it belongs at {claimed} (a misdirected write)";
        var owner = new Guid(block.Slice(24, 16), bigEndian: true);
        if (owner != fsId) return $"block {address} belongs to filesystem {owner}, not {fsId}";
        return null;
    }

    public static ulong Owner(ReadOnlySpan<byte> block) => BinaryPrimitives.ReadUInt64LittleEndian(block[40..]);

    public static ulong Transaction(ReadOnlySpan<byte> block) => BinaryPrimitives.ReadUInt64LittleEndian(block[48..]);
}
