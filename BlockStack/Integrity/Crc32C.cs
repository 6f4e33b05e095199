using System.Buffers.Binary;
using System.Numerics;

namespace Layered.BlockStack.Integrity;

/// <summary>
/// CRC-32C (Castagnoli), as used by every checksummed on-disk structure. It runs on the
/// CPU's crc32 instruction where there is one, through <see cref="BitOperations.Crc32C(uint, ulong)"/>.
/// </summary>
public static class Crc32C
{
    /// <summary>The standard CRC-32C of <paramref name="data"/>: "123456789" gives 0xE3069283.</summary>
    public static uint Compute(ReadOnlySpan<byte> data) => ~Append(uint.MaxValue, data);

    /// <summary>The standard CRC-32C of <paramref name="first"/> followed by <paramref name="second"/>.</summary>
    public static uint Compute(ReadOnlySpan<byte> first, ReadOnlySpan<byte> second) =>
        ~Append(Append(uint.MaxValue, first), second);

    /// <summary>
    /// The CRC-32C of <paramref name="data"/> as if the four bytes at <paramref name="fieldOffset"/>
    /// were zero: how a block that stores its own checksum is checked in place.
    /// </summary>
    public static uint ComputeWithZeroedField(ReadOnlySpan<byte> data, int fieldOffset)
    {
        ReadOnlySpan<byte> zeros = [0, 0, 0, 0];
        var crc = Append(uint.MaxValue, data[..fieldOffset]);
        crc = Append(crc, zeros);
        return ~Append(crc, data[(fieldOffset + zeros.Length)..]);
    }

    // The raw register, before the final inversion, so that blocks can be chained.
    private static uint Append(uint crc, ReadOnlySpan<byte> data)
    {
        // The instruction consumes a 64-bit word in little-endian byte order, which is the
        // same as feeding its eight bytes one at a time.
        while (data.Length >= sizeof(ulong))
        {
            crc = BitOperations.Crc32C(crc, BinaryPrimitives.ReadUInt64LittleEndian(data));
            data = data[sizeof(ulong)..];
        }
        foreach (var b in data) crc = BitOperations.Crc32C(crc, b);
        return crc;
    }
}
