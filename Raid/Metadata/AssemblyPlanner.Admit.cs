using Layered.BlockStack;

namespace Layered.Raid.Metadata;

public static partial class AssemblyPlanner
{
    /// <summary>
    /// Places one member of the chosen array, or says why not. Members arrive freshest first,
    /// so a slot's first eligible claimant is its freshest.
    /// </summary>
    private static string? Admit((IBlockDevice Device, MemberSuperblock Superblock) member, (IBlockDevice Device, MemberSuperblock Superblock) authority,
        AssemblySlots slots, List<(IBlockDevice Device, MemberSuperblock Superblock)> spares)
    {
        var own = member.Superblock;
        var rule = authority.Superblock;
        if (GeometryDifference(own, rule) is { } difference) return $"geometry differs from {authority.Device.Name}: {difference}";
        if (own.IsSpare) return AdmitSpare(member, rule, spares);

        var slot = own.Role;
        var staleNote = own.Events < rule.Events ? $" (stale: events {own.Events} < {rule.Events})" : "";
        if (slots.Placed(own.DeviceId) is var (holder, holderEvents))
            return holderEvents == own.Events
                ? $"duplicate of {holder.Name} in slot {slot} (device {own.DeviceId}, both at events {own.Events})"
                : $"slot {slot} is held by the fresher {holder.Name} (events {holderEvents} > {own.Events})";
        var asReplacement = rule.SlotReplacementIds[slot] == own.DeviceId;
        var recorded = rule.SlotDeviceIds[slot];
        if (!asReplacement && recorded != own.DeviceId)
            return $"claims slot {slot} as device {own.DeviceId}, but the array records {(recorded == Guid.Empty ? "no device" : $"device {recorded}")} there{staleNote}";
        var state = rule.SlotStates[slot];
        if (!asReplacement && state is MemberState.Faulty or MemberState.Removed) return $"marked {state} in slot {slot} at events {rule.Events}; not used{staleNote}";
        if (own.Events < rule.Events) return $"stale: events {own.Events} < {rule.Events}";
        if (!own.SameArrayView(rule))
            return $"disagrees with {authority.Device.Name} at the same event count {rule.Events} (split brain: slot table, flags or name differ)";
        slots.Take(slot, member.Device, own.Events, own.DeviceId, asReplacement);
        return null;
    }

    // A spare's data does not matter, so its event count does not either; only a spare the
    // array has since put into a slot is suspect, because then its superblock is out of date.
    private static string? AdmitSpare((IBlockDevice Device, MemberSuperblock Superblock) member, MemberSuperblock rule,
        List<(IBlockDevice Device, MemberSuperblock Superblock)> spares)
    {
        var own = member.Superblock;
        var slot = rule.SlotDeviceIds.IndexOf(own.DeviceId);
        if (slot < 0) slot = rule.SlotReplacementIds.IndexOf(own.DeviceId);
        if (slot >= 0) return $"its superblock says spare (events {own.Events}), but the array records it in slot {slot} at events {rule.Events}";
        foreach (var (device, superblock) in spares)
            if (superblock.DeviceId == own.DeviceId) return $"duplicate of spare {device.Name} (device {own.DeviceId})";
        spares.Add(member);
        return null;
    }

    private static string? GeometryDifference(MemberSuperblock own, MemberSuperblock rule)
    {
        if (own.Level != rule.Level) return $"level {RaidRules.Describe(own.Level)} vs {RaidRules.Describe(rule.Level)}";
        if (own.ChunkBytes != rule.ChunkBytes) return $"chunk {own.ChunkBytes} bytes vs {rule.ChunkBytes}";
        if (own.MemberCount != rule.MemberCount) return $"{own.MemberCount} slots vs {rule.MemberCount}";
        if (own.DataOffsetBytes != rule.DataOffsetBytes) return $"data offset {own.DataOffsetBytes} bytes vs {rule.DataOffsetBytes}";
        if (own.MemberDataBytes != rule.MemberDataBytes) return $"member data size {own.MemberDataBytes} bytes vs {rule.MemberDataBytes}";
        if (own.BitmapOffsetBytes != rule.BitmapOffsetBytes || own.BitmapRegionBytes != rule.BitmapRegionBytes)
            return $"bitmap at {own.BitmapOffsetBytes} with {own.BitmapRegionBytes}-byte regions vs at {rule.BitmapOffsetBytes} with {rule.BitmapRegionBytes}-byte regions";
        if (own.JournalOffsetBytes != rule.JournalOffsetBytes || own.JournalLengthBytes != rule.JournalLengthBytes)
            return $"journal {own.JournalLengthBytes} bytes at {own.JournalOffsetBytes} vs {rule.JournalLengthBytes} at {rule.JournalOffsetBytes}";
        return null;
    }

    private static string NotStartable(MemberSuperblock rule, MemberState[] states, AssemblySlots slots)
    {
        var details = new List<string>();
        for (var slot = 0; slot < states.Length; slot++)
        {
            if (states[slot] == MemberState.Active) continue;
            var why = slots.Devices[slot] is { } rebuilding ? $"{rebuilding.Name} is still rebuilding"
                : slots.RefusalFor(slot) is { } refusal ? refusal
                : rule.SlotStates[slot] == MemberState.Removed ? "removed"
                : rule.SlotStates[slot] == MemberState.Faulty ? "marked faulty"
                : $"device {rule.SlotDeviceIds[slot]} not found";
            details.Add($"slot {slot}: {why}");
        }
        var tolerance = rule.Level switch
        {
            RaidLevel.Linear or RaidLevel.Raid0 => "it needs every member",
            RaidLevel.Raid1 => "it needs one in-sync member",
            RaidLevel.Raid10 => "it needs one in-sync member of each mirror pair (slots 2k, 2k+1)",
            _ => $"it tolerates at most {RaidRules.MaxMissing(rule.Level, states.Length)} missing",
        };
        return $"array {rule.ArrayLabel} ({RaidRules.Describe(rule.Level)}, {states.Length} slots) cannot start: "
            + $"{details.Count} slots have no in-sync member ({string.Join("; ", details)}); {tolerance}";
    }
}
