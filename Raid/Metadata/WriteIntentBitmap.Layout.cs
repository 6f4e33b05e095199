using Layered.BlockStack.Integrity;
using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Numerics;

namespace Layered.Raid.Metadata;

// Byte layout: docs/format.md, "RAID member metadata / Write-intent bitmap". A 4096-byte
// header, then the bits (region i is bit i % 8 of byte i / 8), zero-padded to a multiple of
// 4096 bytes. One checksum covers header and bits, so a torn store is detected as a whole.
public sealed partial class WriteIntentBitmap
{
    /// <summary>1 Mi regions: 128 KiB of bits, enough for 64 TiB of array data at the default region size.</summary>
    public const int MaxRegions = 1 << 20;

    public const long MinRegionBytes = 4096;

    public const long MaxRegionBytes = 1L << 52;

    public const long DefaultRegionBytes = 64L << 20;

    public const int HeaderBytes = 4096;

    public const int FormatVersion = 1;

    internal static ReadOnlySpan<byte> Magic => "LYRDBMAP"u8;

    private const int VersionOffset = 8;
    private const int CrcOffset = 12;
    private const int ArrayIdOffset = 16;
    private const int EventsOffset = 32;
    private const int RegionBytesOffset = 40;
    private const int DataBytesOffset = 48;
    private const int RegionCountOffset = 56;
    private const int HeaderFieldsEnd = 60;

    /// <summary>Null when the geometry is allowed; otherwise why not.</summary>
    public static string? CheckGeometry(long dataBytes, long regionBytes)
    {
        if (regionBytes < MinRegionBytes || regionBytes > MaxRegionBytes || !BitOperations.IsPow2(regionBytes))
            return $"bitmap region {regionBytes} bytes is not a power of two in {MinRegionBytes}..{MaxRegionBytes}";
        if (dataBytes <= 0) return $"bitmap data size {dataBytes} bytes is not positive";
        var regions = (dataBytes - 1) / regionBytes + 1;
        return regions > MaxRegions
            ? $"{dataBytes} data bytes need {regions} regions of {regionBytes} bytes; at most {MaxRegions} are allowed"
            : null;
    }

    /// <summary>Regions needed to cover <paramref name="dataBytes"/>; only for a geometry that passed <see cref="CheckGeometry"/>.</summary>
    public static int RegionCountFor(long dataBytes, long regionBytes) => (int)((dataBytes - 1) / regionBytes + 1);

    /// <summary>Bytes the on-disk bitmap occupies on each member: header plus bits, in whole 4096-byte blocks.</summary>
    public static long AreaBytesFor(int regionCount) => HeaderBytes + AlignUp((regionCount + 7L) / 8, HeaderBytes);

    public long AreaBytes => AreaBytesFor(RegionCount);

    /// <summary>
    /// Decodes a bitmap area read from a member and checks it against the member's superblock.
    /// Never throws on bad input.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> area, MemberSuperblock superblock, [NotNullWhen(true)] out WriteIntentBitmap? bitmap, [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(superblock);
        bitmap = null;
        error = Decode(area, superblock, out bitmap);
        return error is null;
    }

    private static string? Decode(ReadOnlySpan<byte> area, MemberSuperblock superblock, out WriteIntentBitmap? bitmap)
    {
        bitmap = null;
        if (CheckGeometry(superblock.ArrayDataBytes, superblock.BitmapRegionBytes) is { } geometryError) return geometryError;
        var expectedBytes = AreaBytesFor(superblock.BitmapRegionCount);
        if (area.Length < expectedBytes) return $"bitmap area is {area.Length} bytes; {expectedBytes} expected";
        area = area[..(int)expectedBytes];
        if (!area[..Magic.Length].SequenceEqual(Magic)) return "no write-intent bitmap (magic mismatch)";
        var version = BinaryPrimitives.ReadUInt32LittleEndian(area[VersionOffset..]);
        if (version != FormatVersion) return $"unsupported bitmap format version {version} (this build reads {FormatVersion})";
        var storedCrc = BinaryPrimitives.ReadUInt32LittleEndian(area[CrcOffset..]);
        var actualCrc = Crc32C.ComputeWithZeroedField(area, CrcOffset);
        if (storedCrc != actualCrc) return $"bitmap checksum mismatch: stored {storedCrc:x8}, computed {actualCrc:x8}";

        var arrayId = new Guid(area.Slice(ArrayIdOffset, 16), bigEndian: true);
        if (arrayId != superblock.ArrayId) return $"bitmap belongs to array {arrayId}, not {superblock.ArrayId}";
        var regionBytes = BinaryPrimitives.ReadInt64LittleEndian(area[RegionBytesOffset..]);
        var dataBytes = BinaryPrimitives.ReadInt64LittleEndian(area[DataBytesOffset..]);
        var regionCount = BinaryPrimitives.ReadInt32LittleEndian(area[RegionCountOffset..]);
        if (regionBytes != superblock.BitmapRegionBytes || dataBytes != superblock.ArrayDataBytes || regionCount != superblock.BitmapRegionCount)
            return $"bitmap geometry ({regionCount} regions of {regionBytes} bytes over {dataBytes}) differs from the superblock's "
                + $"({superblock.BitmapRegionCount} of {superblock.BitmapRegionBytes} over {superblock.ArrayDataBytes})";
        if (area[HeaderFieldsEnd..HeaderBytes].IndexOfAnyExcept((byte)0) is var reserved and >= 0)
            return $"bitmap header byte {HeaderFieldsEnd + reserved} is not zero";

        var loaded = new WriteIntentBitmap(dataBytes, regionBytes);
        var bits = area[HeaderBytes..];
        for (var i = 0; i < loaded._bits.Length; i++) loaded._bits[i] = BinaryPrimitives.ReadUInt64LittleEndian(bits[(i * 8)..]);
        if (regionCount % 64 != 0 && (loaded._bits[^1] >> (regionCount % 64)) != 0) return "bitmap has bits set past its last region";
        if (bits[(loaded._bits.Length * 8)..].IndexOfAnyExcept((byte)0) is var padding and >= 0)
            return $"bitmap padding byte {HeaderBytes + loaded._bits.Length * 8 + padding} is not zero";
        loaded._bits.CopyTo(loaded._durable, 0);
        loaded._dirtyCount = PopCount(loaded._bits);
        loaded._events = BinaryPrimitives.ReadUInt64LittleEndian(area[EventsOffset..]);
        bitmap = loaded;
        return null;
    }

    // Writes header and bits for a snapshot of the bits; the caller holds no lock.
    private void Serialize(Span<byte> area, ReadOnlySpan<ulong> bits, Guid arrayId, ulong events)
    {
        area.Clear();
        Magic.CopyTo(area);
        BinaryPrimitives.WriteUInt32LittleEndian(area[VersionOffset..], FormatVersion);
        arrayId.TryWriteBytes(area[ArrayIdOffset..], bigEndian: true, out _);
        BinaryPrimitives.WriteUInt64LittleEndian(area[EventsOffset..], events);
        BinaryPrimitives.WriteInt64LittleEndian(area[RegionBytesOffset..], RegionBytes);
        BinaryPrimitives.WriteInt64LittleEndian(area[DataBytesOffset..], DataBytes);
        BinaryPrimitives.WriteInt32LittleEndian(area[RegionCountOffset..], RegionCount);
        for (var i = 0; i < bits.Length; i++) BinaryPrimitives.WriteUInt64LittleEndian(area[(HeaderBytes + i * 8)..], bits[i]);
        BinaryPrimitives.WriteUInt32LittleEndian(area[CrcOffset..], Crc32C.ComputeWithZeroedField(area, CrcOffset));
    }

    private static long AlignUp(long value, long alignment) => (value + alignment - 1) / alignment * alignment;
}
