using System.Collections.Immutable;
using System.Text;

namespace Layered.Raid.Metadata;

/// <summary>
/// The 4096-byte block at byte 0 of every member that makes an array self-describing. Every
/// member carries the same array view (geometry, slot table, event counter); only
/// <see cref="DeviceId"/> and <see cref="Role"/> differ. Layout: docs/format.md,
/// "RAID member metadata / Member superblock".
/// </summary>
/// <remarks>
/// The record is immutable; transitions return new values (<see cref="WithSlotState"/>,
/// <see cref="Bump"/>). Nothing is checked at construction: <see cref="Validate"/> runs before
/// every serialize and after every parse, so a bad value never reaches a disk and a bad disk
/// never reaches a caller.
/// </remarks>
public sealed partial record MemberSuperblock
{
    public const int FormatVersion = 1;

    public required Guid ArrayId { get; init; }

    /// <summary>Up to <see cref="MaxNameBytes"/> bytes of UTF-8; may be empty.</summary>
    public required string Name { get; init; }

    public required RaidLevel Level { get; init; }

    /// <summary>Power of two, <see cref="MinChunkBytes"/>..<see cref="MaxChunkBytes"/>; so always a multiple of either sector size.</summary>
    public required int ChunkBytes { get; init; }

    /// <summary>This member's identity in the array. It is fixed at creation and may differ from a later <c>IBlockDevice.Id</c>.</summary>
    public required Guid DeviceId { get; init; }

    /// <summary>The slot this member fills (as its member or as its replacement), or -1 for a spare.</summary>
    public required int Role { get; init; }

    /// <summary>Where data starts on every member; a multiple of <see cref="DataAlignmentBytes"/>.</summary>
    public required long DataOffsetBytes { get; init; }

    /// <summary>Usable data bytes on every member from <see cref="DataOffsetBytes"/>; a multiple of the chunk.</summary>
    public required long MemberDataBytes { get; init; }

    /// <summary>Bumped on every membership or state change and on clean/dirty transitions; the freshest copy wins.</summary>
    public required ulong Events { get; init; }

    /// <summary>One entry per slot; never <see cref="MemberState.Spare"/> (spares have no slot).</summary>
    public required ImmutableArray<MemberState> SlotStates { get; init; }

    /// <summary>One entry per slot; <see cref="Guid.Empty"/> exactly when the slot is <see cref="MemberState.Removed"/>.</summary>
    public required ImmutableArray<Guid> SlotDeviceIds { get; init; }

    /// <summary>False from the first write after start until a clean shutdown.</summary>
    public required bool Clean { get; init; }

    /// <summary>
    /// Per slot, for a <see cref="MemberState.Rebuilding"/> slot: its member is in sync for every
    /// byte of its data area below this offset (member data space, from <see cref="DataOffsetBytes"/>;
    /// a layout row r starts at r * <see cref="ChunkBytes"/>). 0 for every other state.
    /// </summary>
    public required ImmutableArray<long> SlotRebuildOffsetBytes { get; init; }

    /// <summary>
    /// Per slot, the device being copied in to replace the slot's member while it keeps serving
    /// (a live replace), or <see cref="Guid.Empty"/>.
    /// </summary>
    public required ImmutableArray<Guid> SlotReplacementIds { get; init; }

    /// <summary>Per slot, how far the replacement is in sync, in member data bytes; 0 without a replacement.</summary>
    public required ImmutableArray<long> SlotReplacementOffsetBytes { get; init; }

    public required long BitmapOffsetBytes { get; init; }

    /// <summary>Array data bytes per bitmap bit; a power of two.</summary>
    public required long BitmapRegionBytes { get; init; }

    public required int BitmapRegionCount { get; init; }

    /// <summary>The RAID5/6 write-hole journal area; 0 with <see cref="JournalLengthBytes"/> 0 when there is none.</summary>
    public long JournalOffsetBytes { get; init; }

    public long JournalLengthBytes { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public required DateTimeOffset UpdatedAt { get; init; }

    public int MemberCount => SlotStates.IsDefault ? 0 : SlotStates.Length;

    public bool IsSpare => Role < 0;

    /// <summary>This member is the replacement being copied into its slot, not the slot's member.</summary>
    public bool IsReplacement => Role >= 0 && SlotReplacementIds[Role] == DeviceId;

    /// <summary>Bytes the array exposes: data members times <see cref="MemberDataBytes"/>.</summary>
    public long ArrayDataBytes => RaidRules.DataMembers(Level, MemberCount) * MemberDataBytes;

    /// <summary>"name (uuid)", or the uuid alone for an unnamed array; used in every message about the array.</summary>
    public string ArrayLabel => Name.Length == 0 ? ArrayId.ToString() : $"{Name} ({ArrayId})";

    /// <summary>Events plus one and the update time set; call after every transition that must win over older copies.</summary>
    public MemberSuperblock Bump(DateTimeOffset? now = null) =>
        this with { Events = Events + 1, UpdatedAt = now ?? DateTimeOffset.UtcNow };

    /// <summary>
    /// Sets one slot's state. <see cref="MemberState.Removed"/> also forgets the slot's device;
    /// any state but <see cref="MemberState.Rebuilding"/> drops the slot's rebuild checkpoint.
    /// </summary>
    public MemberSuperblock WithSlotState(int slot, MemberState state)
    {
        CheckSlot(slot);
        return this with
        {
            SlotStates = SlotStates.SetItem(slot, state),
            SlotDeviceIds = state == MemberState.Removed ? SlotDeviceIds.SetItem(slot, Guid.Empty) : SlotDeviceIds,
            SlotRebuildOffsetBytes = state == MemberState.Rebuilding ? SlotRebuildOffsetBytes : SlotRebuildOffsetBytes.SetItem(slot, 0),
        };
    }

    /// <summary>Puts a device into a slot, as when adding a spare or a new disk; a rebuild starts from offset 0.</summary>
    public MemberSuperblock WithSlotDevice(int slot, Guid deviceId, MemberState state)
    {
        CheckSlot(slot);
        return this with
        {
            SlotStates = SlotStates.SetItem(slot, state),
            SlotDeviceIds = SlotDeviceIds.SetItem(slot, deviceId),
            SlotRebuildOffsetBytes = SlotRebuildOffsetBytes.SetItem(slot, 0),
        };
    }

    public MemberSuperblock WithClean(bool clean) => this with { Clean = clean };

    /// <summary>Records rebuild progress: the slot's member is in sync below <paramref name="offsetBytes"/> of its data area.</summary>
    public MemberSuperblock WithRebuildOffset(int slot, long offsetBytes)
    {
        CheckSlot(slot);
        return this with { SlotRebuildOffsetBytes = SlotRebuildOffsetBytes.SetItem(slot, offsetBytes) };
    }

    /// <summary>Starts, or records the progress of, a live replace of the slot's member.</summary>
    public MemberSuperblock WithReplacement(int slot, Guid replacementId, long offsetBytes = 0)
    {
        CheckSlot(slot);
        return this with
        {
            SlotReplacementIds = SlotReplacementIds.SetItem(slot, replacementId),
            SlotReplacementOffsetBytes = SlotReplacementOffsetBytes.SetItem(slot, offsetBytes),
        };
    }

    public MemberSuperblock WithoutReplacement(int slot) => WithReplacement(slot, Guid.Empty, 0);

    /// <summary>The replace finished: the replacement becomes the slot's Active member and the old member leaves.</summary>
    public MemberSuperblock CompleteReplacement(int slot)
    {
        CheckSlot(slot);
        var replacement = SlotReplacementIds[slot];
        if (replacement == Guid.Empty) throw new InvalidOperationException($"slot {slot} has no replacement");
        return WithoutReplacement(slot).WithSlotDevice(slot, replacement, MemberState.Active);
    }

    /// <summary>The copy of this array view that the member <paramref name="deviceId"/> in <paramref name="role"/> carries.</summary>
    public MemberSuperblock ForMember(Guid deviceId, int role) => this with { DeviceId = deviceId, Role = role };

    /// <summary>
    /// True when both copies describe the same array state, ignoring whose copy each is. The
    /// update time and the rebuild and replace checkpoints are ignored too: checkpoints advance
    /// without an event bump, so copies at one event count may legitimately differ there.
    /// </summary>
    public bool SameArrayView(MemberSuperblock other) => Equals(other with
    {
        DeviceId = DeviceId, Role = Role, UpdatedAt = UpdatedAt,
        SlotRebuildOffsetBytes = SlotRebuildOffsetBytes, SlotReplacementOffsetBytes = SlotReplacementOffsetBytes,
    });

    public bool Equals(MemberSuperblock? other) =>
        other is not null
        && ArrayId == other.ArrayId && Name == other.Name && Level == other.Level && ChunkBytes == other.ChunkBytes
        && DeviceId == other.DeviceId && Role == other.Role
        && DataOffsetBytes == other.DataOffsetBytes && MemberDataBytes == other.MemberDataBytes
        && Events == other.Events && Clean == other.Clean
        && SlotStates.AsSpan().SequenceEqual(other.SlotStates.AsSpan())
        && SlotDeviceIds.AsSpan().SequenceEqual(other.SlotDeviceIds.AsSpan())
        && SlotRebuildOffsetBytes.AsSpan().SequenceEqual(other.SlotRebuildOffsetBytes.AsSpan())
        && SlotReplacementIds.AsSpan().SequenceEqual(other.SlotReplacementIds.AsSpan())
        && SlotReplacementOffsetBytes.AsSpan().SequenceEqual(other.SlotReplacementOffsetBytes.AsSpan())
        && BitmapOffsetBytes == other.BitmapOffsetBytes && BitmapRegionBytes == other.BitmapRegionBytes
        && BitmapRegionCount == other.BitmapRegionCount
        && JournalOffsetBytes == other.JournalOffsetBytes && JournalLengthBytes == other.JournalLengthBytes
        && CreatedAt == other.CreatedAt && UpdatedAt == other.UpdatedAt;

    public override int GetHashCode() => HashCode.Combine(ArrayId, DeviceId, Events, Role);

    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append($"Array = {ArrayLabel}, Level = {RaidRules.Describe(Level)}, Role = {Role}, Device = {DeviceId}, ");
        builder.Append($"Events = {Events}, Clean = {Clean}, Slots = [{string.Join(", ", SlotStates)}]");
        return true;
    }

    private void CheckSlot(int slot)
    {
        if ((uint)slot >= (uint)MemberCount)
            throw new ArgumentOutOfRangeException(nameof(slot), slot, $"the array has {MemberCount} slots");
    }
}
