using System.Buffers.Binary;
using System.Collections.Immutable;
using System.Text;

namespace Layered.Fs.Format;

/// <summary>
/// The filesystem superblock. Every volume holds a copy in its first 4096 bytes; the copies
/// differ only in <see cref="VolumeIndex"/>. It names every volume by uuid, so mount can find
/// them among the devices it is given, in any order. Layout: docs/format.md, "Filesystem superblock".
/// </summary>
public sealed record FsSuperblock
{
    public const int Bytes = 4096;
    public const int MaxVolumes = 64;
    private const int VolumeTableOffset = 256;
    private const int VolumeEntryBytes = 48;
    private const int LabelBytes = 32;

    public required Guid FsId { get; init; }
    public required string Label { get; init; }
    public required int BlockSize { get; init; }
    public required int VolumeIndex { get; init; }
    public required ImmutableArray<VolumeEntry> Volumes { get; init; }
    public required BlockAddress JournalStart { get; init; }
    public required long JournalBlocks { get; init; }
    public required BlockAddress RootBlock { get; init; }
    public required ulong Transaction { get; init; }
    public required bool Clean { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public required DateTimeOffset UpdatedAt { get; init; }

    public VolumeEntry Volume => Volumes[VolumeIndex];

    /// <summary>Value equality, volume table included (ImmutableArray alone compares by reference).</summary>
    public bool Equals(FsSuperblock? other) =>
        other is not null && FsId == other.FsId && Label == other.Label && BlockSize == other.BlockSize && VolumeIndex == other.VolumeIndex
        && Volumes.SequenceEqual(other.Volumes) && JournalStart == other.JournalStart && JournalBlocks == other.JournalBlocks
        && RootBlock == other.RootBlock && Transaction == other.Transaction
        && Clean == other.Clean && CreatedAt == other.CreatedAt && UpdatedAt == other.UpdatedAt;

    public override int GetHashCode() => HashCode.Combine(FsId, VolumeIndex, Transaction);

    public FsSuperblock ForVolume(int index) => this with { VolumeIndex = index };

    public void Serialize(Span<byte> block)
    {
        if (Validate() is { } error) throw new InvalidOperationException($"refusing to write an invalid superblock: {error}");
        block[..Bytes].Clear();
        var label = Encoding.UTF8.GetBytes(Label);
        label.CopyTo(block[64..]);
        BinaryPrimitives.WriteInt32LittleEndian(block[96..], BlockSize);
        BinaryPrimitives.WriteUInt16LittleEndian(block[100..], (ushort)VolumeIndex);
        BinaryPrimitives.WriteUInt16LittleEndian(block[102..], (ushort)Volumes.Length);
        BinaryPrimitives.WriteInt64LittleEndian(block[104..], CreatedAt.ToUnixTimeMilliseconds() * 1_000_000);
        BinaryPrimitives.WriteInt64LittleEndian(block[112..], UpdatedAt.ToUnixTimeMilliseconds() * 1_000_000);
        BinaryPrimitives.WriteUInt32LittleEndian(block[120..], Clean ? 1u : 0u);
        BinaryPrimitives.WriteUInt64LittleEndian(block[128..], JournalStart.Pack());
        BinaryPrimitives.WriteInt64LittleEndian(block[136..], JournalBlocks);
        BinaryPrimitives.WriteUInt64LittleEndian(block[144..], RootBlock.Pack());
        for (var i = 0; i < Volumes.Length; i++)
        {
            var at = block[(VolumeTableOffset + i * VolumeEntryBytes)..];
            Volumes[i].Id.TryWriteBytes(at, bigEndian: true, out _);
            BinaryPrimitives.WriteInt64LittleEndian(at[16..], Volumes[i].Blocks);
            BinaryPrimitives.WriteUInt64LittleEndian(at[24..], Volumes[i].BitmapStart.Pack());
            BinaryPrimitives.WriteUInt32LittleEndian(at[32..], Volumes[i].HoldsData ? 1u : 0u);
        }
        MetadataHeader.Seal(block[..Bytes], MetadataKind.Superblock, new BlockAddress(VolumeIndex, 0), FsId, 0, Transaction);
    }

    /// <summary>Parses and checks a superblock; never throws on garbage.</summary>
    public static bool TryParse(ReadOnlySpan<byte> block, out FsSuperblock? superblock, out string? error)
    {
        superblock = null;
        if (block.Length < Bytes) { error = $"{block.Length} bytes is shorter than a superblock"; return false; }
        block = block[..Bytes];
        var index = BinaryPrimitives.ReadUInt16LittleEndian(block[100..]);
        var fsId = new Guid(block.Slice(24, 16), bigEndian: true);
        error = MetadataHeader.Verify(block, MetadataKind.Superblock, new BlockAddress(index, 0), fsId);
        if (error is not null) return false;
        var count = BinaryPrimitives.ReadUInt16LittleEndian(block[102..]);
        if (count is 0 or > MaxVolumes) { error = $"volume count {count} is outside 1..{MaxVolumes}"; return false; }
        var volumes = new VolumeEntry[count];
        for (var i = 0; i < count; i++)
        {
            var at = block[(VolumeTableOffset + i * VolumeEntryBytes)..];
            volumes[i] = new VolumeEntry(new Guid(at[..16], bigEndian: true), BinaryPrimitives.ReadInt64LittleEndian(at[16..]),
                BlockAddress.Unpack(BinaryPrimitives.ReadUInt64LittleEndian(at[24..])), BinaryPrimitives.ReadUInt32LittleEndian(at[32..]) != 0);
        }
        var label = block.Slice(64, LabelBytes);
        var end = label.IndexOf((byte)0);
        var parsed = new FsSuperblock
        {
            FsId = fsId,
            Label = Encoding.UTF8.GetString(end < 0 ? label : label[..end]),
            BlockSize = BinaryPrimitives.ReadInt32LittleEndian(block[96..]),
            VolumeIndex = index,
            Volumes = [.. volumes],
            JournalStart = BlockAddress.Unpack(BinaryPrimitives.ReadUInt64LittleEndian(block[128..])),
            JournalBlocks = BinaryPrimitives.ReadInt64LittleEndian(block[136..]),
            RootBlock = BlockAddress.Unpack(BinaryPrimitives.ReadUInt64LittleEndian(block[144..])),
            Transaction = MetadataHeader.Transaction(block),
            Clean = BinaryPrimitives.ReadUInt32LittleEndian(block[120..]) != 0,
            CreatedAt = DateTimeOffset.FromUnixTimeMilliseconds(BinaryPrimitives.ReadInt64LittleEndian(block[104..]) / 1_000_000),
            UpdatedAt = DateTimeOffset.FromUnixTimeMilliseconds(BinaryPrimitives.ReadInt64LittleEndian(block[112..]) / 1_000_000),
        };
        error = parsed.Validate();
        if (error is not null) return false;
        superblock = parsed;
        return true;
    }

    /// <summary>Null when every field is in range and consistent, else what is wrong.</summary>
    public string? Validate()
    {
        if (BlockSize is not (4096 or 8192 or 16384 or 65536)) return $"block size {BlockSize} is not 4096, 8192, 16384 or 65536";
        if (Volumes.IsDefaultOrEmpty || Volumes.Length > MaxVolumes) return $"{(Volumes.IsDefault ? 0 : Volumes.Length)} volumes is outside 1..{MaxVolumes}";
        if ((uint)VolumeIndex >= (uint)Volumes.Length) return $"volume index {VolumeIndex} is outside the {Volumes.Length} volumes";
        if (Encoding.UTF8.GetByteCount(Label) > LabelBytes) return $"label '{Label}' is longer than {LabelBytes} bytes";
        if (Volumes.Select(v => v.Id).Distinct().Count() != Volumes.Length || Volumes.Any(v => v.Id == Guid.Empty)) return "volume uuids are not distinct and set";
        if (Volumes.Any(v => v.Blocks < 16 || v.Blocks > BlockAddress.MaxBlock)) return "a volume's size is out of range";
        if (JournalBlocks < 0 || (JournalBlocks > 0 && (JournalStart.Volume >= Volumes.Length || JournalStart.Block + JournalBlocks > Volumes[JournalStart.Volume].Blocks)))
            return $"the journal ({JournalBlocks} blocks at {JournalStart}) lies outside its volume";
        if (RootBlock.Volume >= Volumes.Length || RootBlock.Block >= Volumes[RootBlock.Volume].Blocks) return $"the root block {RootBlock} lies outside the volumes";
        return null;
    }
}
