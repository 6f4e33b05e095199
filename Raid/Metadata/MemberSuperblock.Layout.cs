using Layered.BlockStack.Integrity;
using System.Buffers.Binary;
using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace Layered.Raid.Metadata;

// Byte layout: docs/format.md, "RAID member metadata / Member superblock".
// Little-endian, fixed offsets; uuids in RFC 4122 (big-endian) byte order.
public sealed partial record MemberSuperblock
{
    public const int BlockBytes = 4096;
    public const int MaxNameBytes = 32;

    internal static ReadOnlySpan<byte> Magic => "LYRDRAID"u8;

    private const int MagicOffset = 0;
    private const int VersionOffset = 8;
    private const int CrcOffset = 12;
    private const int ArrayIdOffset = 16;
    private const int DeviceIdOffset = 32;
    private const int NameOffset = 48;
    private const int LevelOffset = 80;
    private const int ChunkOffset = 84;
    private const int MemberCountOffset = 88;
    private const int RoleOffset = 92;
    private const int DataOffsetOffset = 96;
    private const int MemberDataOffset = 104;
    private const int EventsOffset = 112;
    private const int FlagsOffset = 120;
    private const int RegionCountOffset = 124;
    private const int BitmapOffsetOffset = 128;
    private const int RegionBytesOffset = 136;
    private const int JournalOffsetOffset = 144;
    private const int JournalLengthOffset = 152;
    private const int CreatedOffset = 160;
    private const int UpdatedOffset = 168;
    private const int FieldsEnd = 176;

    // The slot table: one column per per-slot field, each sized for 64 slots; entries past
    // the member count are zero.
    private const int SlotIdsOffset = 256;
    private const int SlotStatesOffset = SlotIdsOffset + RaidRules.MaxMembers * 16;
    private const int RebuildOffsetsOffset = SlotStatesOffset + RaidRules.MaxMembers;
    private const int ReplacementIdsOffset = RebuildOffsetsOffset + RaidRules.MaxMembers * 8;
    private const int ReplacementOffsetsOffset = ReplacementIdsOffset + RaidRules.MaxMembers * 16;
    private const int SlotsEnd = ReplacementOffsetsOffset + RaidRules.MaxMembers * 8;

    private static ReadOnlySpan<int> ColumnOffsets => [SlotIdsOffset, SlotStatesOffset, RebuildOffsetsOffset, ReplacementIdsOffset, ReplacementOffsetsOffset, SlotsEnd];

    private static ReadOnlySpan<int> ColumnEntryBytes => [16, 1, 8, 16, 8];

    private const uint CleanFlag = 1;

    /// <summary>
    /// Writes the whole block, zeros and checksum included. Throws
    /// <see cref="InvalidOperationException"/> when the value is inconsistent, so no bad
    /// superblock is ever produced.
    /// </summary>
    public void Serialize(Span<byte> block)
    {
        if (block.Length < BlockBytes)
            throw new ArgumentException($"a superblock needs {BlockBytes} bytes, not {block.Length}", nameof(block));
        if (Validate() is { } error) throw new InvalidOperationException($"refusing to write an invalid superblock: {error}");
        block = block[..BlockBytes];
        block.Clear();
        Magic.CopyTo(block[MagicOffset..]);
        BinaryPrimitives.WriteUInt32LittleEndian(block[VersionOffset..], FormatVersion);
        ArrayId.TryWriteBytes(block[ArrayIdOffset..], bigEndian: true, out _);
        DeviceId.TryWriteBytes(block[DeviceIdOffset..], bigEndian: true, out _);
        Encoding.UTF8.GetBytes(Name, block.Slice(NameOffset, MaxNameBytes));
        BinaryPrimitives.WriteUInt32LittleEndian(block[LevelOffset..], LevelCode(Level));
        BinaryPrimitives.WriteInt32LittleEndian(block[ChunkOffset..], ChunkBytes);
        BinaryPrimitives.WriteInt32LittleEndian(block[MemberCountOffset..], MemberCount);
        BinaryPrimitives.WriteInt32LittleEndian(block[RoleOffset..], Role);
        BinaryPrimitives.WriteInt64LittleEndian(block[DataOffsetOffset..], DataOffsetBytes);
        BinaryPrimitives.WriteInt64LittleEndian(block[MemberDataOffset..], MemberDataBytes);
        BinaryPrimitives.WriteUInt64LittleEndian(block[EventsOffset..], Events);
        BinaryPrimitives.WriteUInt32LittleEndian(block[FlagsOffset..], Clean ? CleanFlag : 0);
        BinaryPrimitives.WriteInt64LittleEndian(block[BitmapOffsetOffset..], BitmapOffsetBytes);
        BinaryPrimitives.WriteInt64LittleEndian(block[RegionBytesOffset..], BitmapRegionBytes);
        BinaryPrimitives.WriteInt32LittleEndian(block[RegionCountOffset..], BitmapRegionCount);
        BinaryPrimitives.WriteInt64LittleEndian(block[JournalOffsetOffset..], JournalOffsetBytes);
        BinaryPrimitives.WriteInt64LittleEndian(block[JournalLengthOffset..], JournalLengthBytes);
        BinaryPrimitives.WriteInt64LittleEndian(block[CreatedOffset..], ToUnixNs(CreatedAt));
        BinaryPrimitives.WriteInt64LittleEndian(block[UpdatedOffset..], ToUnixNs(UpdatedAt));
        for (var slot = 0; slot < MemberCount; slot++)
        {
            SlotDeviceIds[slot].TryWriteBytes(block[(SlotIdsOffset + slot * 16)..], bigEndian: true, out _);
            block[SlotStatesOffset + slot] = (byte)SlotStates[slot];
            BinaryPrimitives.WriteInt64LittleEndian(block[(RebuildOffsetsOffset + slot * 8)..], SlotRebuildOffsetBytes[slot]);
            SlotReplacementIds[slot].TryWriteBytes(block[(ReplacementIdsOffset + slot * 16)..], bigEndian: true, out _);
            BinaryPrimitives.WriteInt64LittleEndian(block[(ReplacementOffsetsOffset + slot * 8)..], SlotReplacementOffsetBytes[slot]);
        }
        BinaryPrimitives.WriteUInt32LittleEndian(block[CrcOffset..], Crc32C.ComputeWithZeroedField(block, CrcOffset));
    }

    /// <summary>
    /// Decodes and checks a block. Never throws on bad input: every defect (short block, wrong
    /// magic, other version, checksum, out-of-range or inconsistent fields) gives a specific error.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> block, [NotNullWhen(true)] out MemberSuperblock? superblock, [NotNullWhen(false)] out string? error)
    {
        error = Decode(block, out var decoded) ?? decoded!.Validate();
        superblock = error is null ? decoded : null;
        return superblock is not null;
    }

    private static string? Decode(ReadOnlySpan<byte> block, out MemberSuperblock? superblock)
    {
        superblock = null;
        if (block.Length < BlockBytes) return $"block is {block.Length} bytes; a superblock needs {BlockBytes}";
        block = block[..BlockBytes];
        if (!block[..Magic.Length].SequenceEqual(Magic)) return "no Layered RAID superblock (magic mismatch)";
        var version = BinaryPrimitives.ReadUInt32LittleEndian(block[VersionOffset..]);
        if (version != FormatVersion) return $"unsupported superblock format version {version} (this build reads {FormatVersion})";
        var storedCrc = BinaryPrimitives.ReadUInt32LittleEndian(block[CrcOffset..]);
        var actualCrc = Crc32C.ComputeWithZeroedField(block, CrcOffset);
        if (storedCrc != actualCrc) return $"superblock checksum mismatch: stored {storedCrc:x8}, computed {actualCrc:x8}";

        var memberCount = BinaryPrimitives.ReadInt32LittleEndian(block[MemberCountOffset..]);
        if (memberCount < 1 || memberCount > RaidRules.MaxMembers) return $"member count {memberCount} is outside 1..{RaidRules.MaxMembers}";
        if (!TryLevel(BinaryPrimitives.ReadUInt32LittleEndian(block[LevelOffset..]), out var level, out var levelError)) return levelError;
        if (!TryName(block.Slice(NameOffset, MaxNameBytes), out var name, out var nameError)) return nameError;
        var flags = BinaryPrimitives.ReadUInt32LittleEndian(block[FlagsOffset..]);
        if ((flags & ~CleanFlag) != 0) return $"unknown flags {flags:x8}";
        if (FirstNonZero(block, FieldsEnd, SlotIdsOffset) is var r1 and >= 0) return $"reserved byte {r1} is not zero";
        for (var column = 0; column < ColumnEntryBytes.Length; column++)
            if (FirstNonZero(block, ColumnOffsets[column] + memberCount * ColumnEntryBytes[column], ColumnOffsets[column + 1]) is var r2 and >= 0)
                return $"unused slot byte {r2} is not zero";
        if (FirstNonZero(block, SlotsEnd, BlockBytes) is var r3 and >= 0) return $"reserved byte {r3} is not zero";

        var states = ImmutableArray.CreateBuilder<MemberState>(memberCount);
        var ids = ImmutableArray.CreateBuilder<Guid>(memberCount);
        var rebuildOffsets = ImmutableArray.CreateBuilder<long>(memberCount);
        var replacementIds = ImmutableArray.CreateBuilder<Guid>(memberCount);
        var replacementOffsets = ImmutableArray.CreateBuilder<long>(memberCount);
        for (var slot = 0; slot < memberCount; slot++)
        {
            var state = block[SlotStatesOffset + slot];
            if (!Enum.IsDefined((MemberState)state)) return $"slot {slot} has unknown state {state}";
            states.Add((MemberState)state);
            ids.Add(new Guid(block.Slice(SlotIdsOffset + slot * 16, 16), bigEndian: true));
            rebuildOffsets.Add(BinaryPrimitives.ReadInt64LittleEndian(block[(RebuildOffsetsOffset + slot * 8)..]));
            replacementIds.Add(new Guid(block.Slice(ReplacementIdsOffset + slot * 16, 16), bigEndian: true));
            replacementOffsets.Add(BinaryPrimitives.ReadInt64LittleEndian(block[(ReplacementOffsetsOffset + slot * 8)..]));
        }
        var createdNs = BinaryPrimitives.ReadInt64LittleEndian(block[CreatedOffset..]);
        var updatedNs = BinaryPrimitives.ReadInt64LittleEndian(block[UpdatedOffset..]);
        if (createdNs < 0 || updatedNs < 0) return $"creation time {createdNs} ns or update time {updatedNs} ns is before 1970";

        superblock = new MemberSuperblock
        {
            ArrayId = new Guid(block.Slice(ArrayIdOffset, 16), bigEndian: true),
            DeviceId = new Guid(block.Slice(DeviceIdOffset, 16), bigEndian: true),
            Name = name,
            Level = level,
            ChunkBytes = BinaryPrimitives.ReadInt32LittleEndian(block[ChunkOffset..]),
            Role = BinaryPrimitives.ReadInt32LittleEndian(block[RoleOffset..]),
            DataOffsetBytes = BinaryPrimitives.ReadInt64LittleEndian(block[DataOffsetOffset..]),
            MemberDataBytes = BinaryPrimitives.ReadInt64LittleEndian(block[MemberDataOffset..]),
            Events = BinaryPrimitives.ReadUInt64LittleEndian(block[EventsOffset..]),
            Clean = (flags & CleanFlag) != 0,
            BitmapOffsetBytes = BinaryPrimitives.ReadInt64LittleEndian(block[BitmapOffsetOffset..]),
            BitmapRegionBytes = BinaryPrimitives.ReadInt64LittleEndian(block[RegionBytesOffset..]),
            BitmapRegionCount = BinaryPrimitives.ReadInt32LittleEndian(block[RegionCountOffset..]),
            JournalOffsetBytes = BinaryPrimitives.ReadInt64LittleEndian(block[JournalOffsetOffset..]),
            JournalLengthBytes = BinaryPrimitives.ReadInt64LittleEndian(block[JournalLengthOffset..]),
            CreatedAt = FromUnixNs(createdNs),
            UpdatedAt = FromUnixNs(updatedNs),
            SlotStates = states.MoveToImmutable(),
            SlotDeviceIds = ids.MoveToImmutable(),
            SlotRebuildOffsetBytes = rebuildOffsets.MoveToImmutable(),
            SlotReplacementIds = replacementIds.MoveToImmutable(),
            SlotReplacementOffsetBytes = replacementOffsets.MoveToImmutable(),
        };
        return null;
    }
}
