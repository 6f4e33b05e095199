using System.Text;
using Layered.BlockStack;

namespace Layered.Raid.Metadata;

/// <summary>
/// What assembly decided: which device fills each slot, which devices were turned away and
/// why, and whether the array may start. Produced by <see cref="AssemblyPlanner.Plan"/>.
/// </summary>
public sealed class AssemblyPlan
{
    /// <summary>The chosen array; <see cref="Guid.Empty"/> when no candidate carried a usable superblock.</summary>
    public required Guid ArrayId { get; init; }

    /// <summary>The freshest superblock of the chosen array (highest events), whose view of geometry and slots rules.</summary>
    public required MemberSuperblock? Superblock { get; init; }

    /// <summary>The device serving each slot, or null when the slot has no usable member.</summary>
    public required IBlockDevice?[] MembersBySlot { get; init; }

    /// <summary>The device being copied in to replace each slot's member (a live replace in progress), or null.</summary>
    public required IBlockDevice?[] ReplacementsBySlot { get; init; }

    /// <summary>
    /// Each slot's state as the array will run: the authoritative state where a member was
    /// found; <see cref="MemberState.Faulty"/> for an Active or Rebuilding slot whose member is
    /// missing or refused (its device uuid stays recorded, so it can be re-added later).
    /// </summary>
    public required MemberState[] SlotStates { get; init; }

    /// <summary>Devices carrying a valid spare superblock of this array.</summary>
    public required IReadOnlyList<IBlockDevice> Spares { get; init; }

    /// <summary>Every candidate not used, by <c>IBlockDevice.Name</c>, with the reason.</summary>
    public required IReadOnlyList<(string Device, string Reason)> Refused { get; init; }

    /// <summary>The authoritative superblock says the array was not shut down cleanly.</summary>
    public required bool Dirty { get; init; }

    /// <summary>Some slot lacks an Active or Rebuilding member.</summary>
    public required bool Degraded { get; init; }

    public required bool CanStart { get; init; }

    /// <summary>Why the array cannot start; null when it can.</summary>
    public required string? Error { get; init; }

    public override string ToString()
    {
        var text = new StringBuilder();
        text.Append(Superblock is null ? "no array" : $"array {Superblock.ArrayLabel}, {RaidRules.Describe(Superblock.Level)}, events {Superblock.Events}");
        text.Append(CanStart ? ", can start" : $", cannot start: {Error}");
        if (Dirty) text.Append(", dirty");
        if (Degraded) text.Append(", degraded");
        for (var slot = 0; slot < MembersBySlot.Length; slot++)
        {
            text.Append($"\n  slot {slot}: {SlotStates[slot]} {MembersBySlot[slot]?.Name ?? "(none)"}");
            if (ReplacementsBySlot[slot] is { } replacement) text.Append($", replaced by {replacement.Name}");
        }
        foreach (var spare in Spares) text.Append($"\n  spare: {spare.Name}");
        foreach (var (device, reason) in Refused) text.Append($"\n  refused {device}: {reason}");
        return text.ToString();
    }
}
