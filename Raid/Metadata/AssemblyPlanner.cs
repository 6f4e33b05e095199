using Layered.BlockStack;

namespace Layered.Raid.Metadata;

/// <summary>
/// Decides, from devices given in any order, which array to assemble, which device fills each
/// slot, and whether the array may start. Pure: it reads nothing and writes nothing, so the
/// same candidates always give the same plan.
/// </summary>
/// <remarks>
/// <list type="number">
/// <item>A device without a valid superblock is refused with the read or parse error.</item>
/// <item>The array is the one asked for; otherwise the one most candidates belong to, then the
/// one with the highest event count, then the lowest uuid. Devices of any other array are refused.</item>
/// <item>The superblock with the highest event count (then the latest update, then the lowest
/// device uuid) is authoritative for geometry and the slot table.</item>
/// <item>Each member is checked against it (<see cref="Admit"/>); the rules are in docs/format.md,
/// "RAID member metadata / Assembly".</item>
/// <item>The array may start when its level's redundancy covers the slots without an in-sync
/// member (<see cref="RaidRules.IsStartable"/>), and, unless forced, it is not both dirty and degraded.</item>
/// </list>
/// </remarks>
public static partial class AssemblyPlanner
{
    /// <summary>Reads every device's superblock, in parallel, into the shape <see cref="Plan"/> takes.</summary>
    public static async ValueTask<IReadOnlyList<(IBlockDevice Device, MemberSuperblock? Superblock, string? ReadError)>> ReadCandidatesAsync(
        IReadOnlyList<IBlockDevice> devices)
    {
        ArgumentNullException.ThrowIfNull(devices);
        var reads = devices.Select(d => MemberSuperblock.ReadAsync(d).AsTask()).ToArray();
        var results = await Task.WhenAll(reads).ConfigureAwait(false);
        return [.. devices.Select((d, i) => (d, results[i].Superblock, results[i].Error))];
    }

    public static AssemblyPlan Plan(IReadOnlyList<(IBlockDevice Device, MemberSuperblock? Superblock, string? ReadError)> candidates, AssemblyOptions options)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        ArgumentNullException.ThrowIfNull(options);
        var refused = new List<(string Device, string Reason)>();
        var valid = Screen(candidates, refused);
        if (valid.Count == 0) return Unassembled(Guid.Empty, refused, "no device carries a valid Layered RAID superblock");

        var arrayId = options.ArrayId ?? valid.GroupBy(c => c.Superblock.ArrayId)
            .OrderByDescending(g => g.Count()).ThenByDescending(g => g.Max(c => c.Superblock.Events)).ThenBy(g => g.Key)
            .First().Key;
        var members = valid.Where(c => c.Superblock.ArrayId == arrayId)
            .OrderByDescending(c => c.Superblock.Events).ThenByDescending(c => c.Superblock.UpdatedAt)
            .ThenBy(c => c.Superblock.DeviceId).ThenBy(c => c.Device.Name, StringComparer.Ordinal)
            .ToList();
        var chosenLabel = members.Count > 0 ? members[0].Superblock.ArrayLabel : arrayId.ToString();
        foreach (var (device, superblock) in valid)
            if (superblock.ArrayId != arrayId) refused.Add((device.Name, $"belongs to array {superblock.ArrayLabel}, not {chosenLabel}"));
        if (members.Count == 0) return Unassembled(arrayId, refused, $"no device belongs to array {arrayId}");

        var authority = members[0];
        var slots = new AssemblySlots(authority.Superblock.MemberCount);
        var spares = new List<(IBlockDevice Device, MemberSuperblock Superblock)>();
        foreach (var member in members)
        {
            if (Admit(member, authority, slots, spares) is not { } reason) continue;
            refused.Add((member.Device.Name, reason));
            if (!member.Superblock.IsSpare && !member.Superblock.IsReplacement)
                slots.NoteRefusal(member.Superblock.Role, $"{member.Device.Name} refused: {reason}");
        }
        return Finish(authority.Superblock, slots, [.. spares.Select(s => s.Device)], refused, options);
    }

    // Drops devices without a superblock and devices listed twice.
    private static List<(IBlockDevice Device, MemberSuperblock Superblock)> Screen(
        IReadOnlyList<(IBlockDevice Device, MemberSuperblock? Superblock, string? ReadError)> candidates, List<(string, string)> refused)
    {
        var seen = new HashSet<IBlockDevice>(ReferenceEqualityComparer.Instance);
        var valid = new List<(IBlockDevice, MemberSuperblock)>();
        foreach (var (device, superblock, readError) in candidates)
        {
            ArgumentNullException.ThrowIfNull(device, nameof(candidates));
            if (!seen.Add(device)) refused.Add((device.Name, "listed more than once"));
            else if (superblock is null) refused.Add((device.Name, readError ?? "no superblock"));
            else if (superblock.Validate() is { } error) refused.Add((device.Name, $"inconsistent superblock: {error}"));
            else valid.Add((device, superblock));
        }
        return valid;
    }

    private static AssemblyPlan Finish(MemberSuperblock authority, AssemblySlots slots, IReadOnlyList<IBlockDevice> spares,
        List<(string Device, string Reason)> refused, AssemblyOptions options)
    {
        var states = new MemberState[authority.MemberCount];
        for (var slot = 0; slot < states.Length; slot++)
        {
            var recorded = authority.SlotStates[slot];
            var serving = recorded is MemberState.Active or MemberState.Rebuilding;
            states[slot] = slots.Devices[slot] is not null || !serving ? recorded : MemberState.Faulty;
        }
        var dirty = !authority.Clean;
        var degraded = slots.Devices.Any(d => d is null);
        string? error = null;
        if (!RaidRules.IsStartable(authority.Level, states)) error = NotStartable(authority, states, slots);
        else if (dirty && degraded && !options.Force)
            error = $"array {authority.ArrayLabel} is dirty and degraded; a write may have been lost in flight; pass --force to start it anyway";
        return new AssemblyPlan
        {
            ArrayId = authority.ArrayId,
            Superblock = authority,
            MembersBySlot = slots.Devices,
            ReplacementsBySlot = slots.Replacements,
            SlotStates = states,
            Spares = spares,
            Refused = [.. refused.OrderBy(r => r.Device, StringComparer.Ordinal)],
            Dirty = dirty,
            Degraded = degraded,
            CanStart = error is null,
            Error = error,
        };
    }

    private static AssemblyPlan Unassembled(Guid arrayId, List<(string Device, string Reason)> refused, string error) => new()
    {
        ArrayId = arrayId,
        Superblock = null,
        MembersBySlot = [],
        ReplacementsBySlot = [],
        SlotStates = [],
        Spares = [],
        Refused = [.. refused.OrderBy(r => r.Device, StringComparer.Ordinal)],
        Dirty = false,
        Degraded = false,
        CanStart = false,
        Error = error,
    };
}
