using System.Numerics;
using System.Text;
using System.Text.Unicode;

namespace Layered.Raid.Metadata;

// The consistency rules of docs/format.md, "RAID member metadata / Member superblock".
// They run after every parse and before every serialize, in Release too: this is on-disk data.
public sealed partial record MemberSuperblock
{
    public const int MinChunkBytes = 4 << 10;
    public const int MaxChunkBytes = 16 << 20;

    /// <summary>Data starts on a 1 MiB boundary, which suits every sector size and most erase blocks.</summary>
    public const long DataAlignmentBytes = 1 << 20;

    /// <summary>Metadata areas (bitmap, journal) start on this boundary, a multiple of either sector size.</summary>
    public const long AreaAlignmentBytes = 4096;

    /// <summary>4 PiB per member keeps every array size (64 members) far from overflow.</summary>
    public const long MaxMemberDataBytes = 1L << 52;

    public const long MaxJournalBytes = 1L << 30;

    private static readonly long s_maxUnixTicks = long.MaxValue / 100;

    /// <summary>Null when the superblock is consistent; otherwise the first problem found.</summary>
    public string? Validate()
    {
        if (ArrayId == Guid.Empty) return "array uuid is empty";
        if (DeviceId == Guid.Empty) return "device uuid is empty";
        if (Name is null) return "name is missing";
        if (Name.Contains('\0')) return "name contains a NUL character";
        if (NameError(Name) is { } nameError) return nameError;
        if (SlotStates.IsDefault || SlotDeviceIds.IsDefault || SlotRebuildOffsetBytes.IsDefault || SlotReplacementIds.IsDefault || SlotReplacementOffsetBytes.IsDefault)
            return "slot table is missing a column";
        if (RaidRules.CheckMemberCount(Level, MemberCount) is { } countError) return countError;
        if (SlotDeviceIds.Length != MemberCount || SlotRebuildOffsetBytes.Length != MemberCount
            || SlotReplacementIds.Length != MemberCount || SlotReplacementOffsetBytes.Length != MemberCount)
            return $"slot table columns differ in length from the {MemberCount} slot states";
        if (ChunkBytes < MinChunkBytes || ChunkBytes > MaxChunkBytes || !BitOperations.IsPow2(ChunkBytes))
            return $"chunk {ChunkBytes} bytes is not a power of two in {MinChunkBytes}..{MaxChunkBytes}";
        if (Role < -1 || Role >= MemberCount) return $"role {Role} is outside -1..{MemberCount - 1}";
        if (Events == 0) return "event counter is 0; a created array starts at 1";
        return ValidateSlots() ?? ValidateAreas() ?? ValidateCheckpoints() ?? ValidateTimes();
    }

    private string? ValidateSlots()
    {
        var seen = new HashSet<Guid>();
        for (var slot = 0; slot < MemberCount; slot++)
        {
            var state = SlotStates[slot];
            var id = SlotDeviceIds[slot];
            var replacement = SlotReplacementIds[slot];
            if (!Enum.IsDefined(state)) return $"slot {slot} has unknown state {(byte)state}";
            if (state == MemberState.Spare) return $"slot {slot} is marked Spare; spares have no slot";
            if ((state == MemberState.Removed) != (id == Guid.Empty))
                return state == MemberState.Removed ? $"slot {slot} is Removed but records device {id}" : $"slot {slot} is {state} but records no device";
            if (state == MemberState.Removed && replacement != Guid.Empty) return $"slot {slot} is Removed but has a replacement {replacement}";
            foreach (var device in (ReadOnlySpan<Guid>)[id, replacement])
                if (device != Guid.Empty && !seen.Add(device)) return $"device {device} is recorded twice in the slot table";
        }
        if (Role >= 0 && SlotDeviceIds[Role] != DeviceId && SlotReplacementIds[Role] != DeviceId)
            return $"this member ({DeviceId}) claims slot {Role}, which records {Describe(SlotDeviceIds[Role])}";
        if (Role < 0 && seen.Contains(DeviceId)) return $"this spare ({DeviceId}) is recorded in the slot table";
        return null;
    }

    private string? ValidateAreas()
    {
        if (MemberDataBytes <= 0 || MemberDataBytes > MaxMemberDataBytes || MemberDataBytes % ChunkBytes != 0)
            return $"member data size {MemberDataBytes} bytes is not a positive multiple of the chunk ({ChunkBytes}) up to {MaxMemberDataBytes}";
        if (DataOffsetBytes < DataAlignmentBytes || DataOffsetBytes > MaxMemberDataBytes || DataOffsetBytes % DataAlignmentBytes != 0)
            return $"data offset {DataOffsetBytes} bytes is not a multiple of {DataAlignmentBytes} in {DataAlignmentBytes}..{MaxMemberDataBytes}";
        if (BitmapOffsetBytes < BlockBytes || BitmapOffsetBytes % AreaAlignmentBytes != 0)
            return $"bitmap offset {BitmapOffsetBytes} bytes is not a multiple of {AreaAlignmentBytes} after the superblock";
        if (WriteIntentBitmap.CheckGeometry(ArrayDataBytes, BitmapRegionBytes) is { } bitmapError) return bitmapError;
        var expectedRegions = WriteIntentBitmap.RegionCountFor(ArrayDataBytes, BitmapRegionBytes);
        if (BitmapRegionCount != expectedRegions)
            return $"bitmap region count {BitmapRegionCount} does not cover {ArrayDataBytes} array bytes in {BitmapRegionBytes}-byte regions (expected {expectedRegions})";
        var bitmapEndBytes = BitmapOffsetBytes + WriteIntentBitmap.AreaBytesFor(BitmapRegionCount);
        if (bitmapEndBytes > DataOffsetBytes) return $"bitmap area ends at {bitmapEndBytes}, past the data offset {DataOffsetBytes}";
        if (JournalLengthBytes == 0)
            return JournalOffsetBytes == 0 ? null : $"journal offset {JournalOffsetBytes} is set but its length is 0";
        if (JournalLengthBytes < 0 || JournalLengthBytes > MaxJournalBytes || JournalLengthBytes % AreaAlignmentBytes != 0)
            return $"journal length {JournalLengthBytes} bytes is not a multiple of {AreaAlignmentBytes} up to {MaxJournalBytes}";
        if (JournalOffsetBytes < bitmapEndBytes || JournalOffsetBytes % AreaAlignmentBytes != 0)
            return $"journal offset {JournalOffsetBytes} is not {AreaAlignmentBytes}-aligned after the bitmap area (ends at {bitmapEndBytes})";
        if (JournalOffsetBytes + JournalLengthBytes > DataOffsetBytes)
            return $"journal area ends at {JournalOffsetBytes + JournalLengthBytes}, past the data offset {DataOffsetBytes}";
        return null;
    }

    // Checkpoints are offsets in a member's data area, so they lie in 0..MemberDataBytes; the
    // zeros required elsewhere keep one encoding per state.
    private string? ValidateCheckpoints()
    {
        for (var slot = 0; slot < MemberCount; slot++)
        {
            var rebuildBytes = SlotRebuildOffsetBytes[slot];
            if (SlotStates[slot] != MemberState.Rebuilding && rebuildBytes != 0)
                return $"slot {slot} is {SlotStates[slot]} but has rebuild checkpoint {rebuildBytes}";
            if (rebuildBytes < 0 || rebuildBytes > MemberDataBytes)
                return $"slot {slot} rebuild checkpoint {rebuildBytes} is outside 0..{MemberDataBytes}";
            var replaceBytes = SlotReplacementOffsetBytes[slot];
            if (SlotReplacementIds[slot] == Guid.Empty && replaceBytes != 0)
                return $"slot {slot} has no replacement but a replace checkpoint {replaceBytes}";
            if (replaceBytes < 0 || replaceBytes > MemberDataBytes)
                return $"slot {slot} replace checkpoint {replaceBytes} is outside 0..{MemberDataBytes}";
        }
        return null;
    }

    private string? ValidateTimes()
    {
        foreach (var (what, time) in new[] { ("creation", CreatedAt), ("update", UpdatedAt) })
        {
            var unixTicks = time.UtcTicks - DateTime.UnixEpoch.Ticks;
            if (unixTicks < 0 || unixTicks > s_maxUnixTicks) return $"{what} time {time:O} is outside 1970..2262";
        }
        return null;
    }

    private static string? NameError(string name)
    {
        // Every UTF-16 char needs at least one UTF-8 byte, so a longer string cannot fit.
        if (name.Length > MaxNameBytes) return $"name is longer than {MaxNameBytes} UTF-8 bytes";
        Span<byte> utf8 = stackalloc byte[MaxNameBytes * 3];
        var status = Utf8.FromUtf16(name, utf8, out _, out var written, replaceInvalidSequences: false);
        if (status != System.Buffers.OperationStatus.Done) return "name is not valid Unicode";
        return written > MaxNameBytes ? $"name is {written} UTF-8 bytes; at most {MaxNameBytes} fit" : null;
    }

    private static string Describe(Guid deviceId) => deviceId == Guid.Empty ? "no device" : $"device {deviceId}";

    private static long ToUnixNs(DateTimeOffset time) => (time.UtcTicks - DateTime.UnixEpoch.Ticks) * 100;

    private static DateTimeOffset FromUnixNs(long unixNs) => new(DateTime.UnixEpoch.Ticks + unixNs / 100, TimeSpan.Zero);

    // Explicit codes, so reordering the enum can never change what a disk means.
    private static uint LevelCode(RaidLevel level) => level switch
    {
        RaidLevel.Linear => 0,
        RaidLevel.Raid0 => 1,
        RaidLevel.Raid1 => 2,
        RaidLevel.Raid10 => 3,
        RaidLevel.Raid5 => 4,
        RaidLevel.Raid6 => 5,
        _ => throw new InvalidOperationException($"level {level} has no on-disk code"),
    };

    private static bool TryLevel(uint code, out RaidLevel level, out string? error)
    {
        RaidLevel[] levels = [RaidLevel.Linear, RaidLevel.Raid0, RaidLevel.Raid1, RaidLevel.Raid10, RaidLevel.Raid5, RaidLevel.Raid6];
        level = code < levels.Length ? levels[code] : default;
        error = code < levels.Length ? null : $"level code {code} is not known";
        return error is null;
    }

    private static bool TryName(ReadOnlySpan<byte> field, out string name, out string? error)
    {
        name = "";
        var length = field.IndexOf((byte)0);
        if (length < 0) length = field.Length;
        error = field[length..].ContainsAnyExcept((byte)0) ? "name has bytes after its terminating zero"
            : !Utf8.IsValid(field[..length]) ? "name is not valid UTF-8"
            : null;
        if (error is null) name = Encoding.UTF8.GetString(field[..length]);
        return error is null;
    }

    private static int FirstNonZero(ReadOnlySpan<byte> block, int start, int end)
    {
        var index = block[start..end].IndexOfAnyExcept((byte)0);
        return index < 0 ? -1 : start + index;
    }
}
