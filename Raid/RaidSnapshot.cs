using Layered.BlockStack;

namespace Layered.Raid;

/// <summary>One slot as it stands: its member, its state, and how far a rebuild has come.</summary>
public sealed record SlotSnapshot(int Slot, IBlockDevice? Device, MemberState State, long RebuildRow, IBlockDevice? Replacement, long ReplacementRebuildRow);

/// <summary>The state of a whole set at one moment.</summary>
public sealed record RaidSnapshot(RaidLevel Level, IReadOnlyList<SlotSnapshot> Slots, IReadOnlyList<IBlockDevice> Spares, long Rows, bool Clean)
{
    public bool Degraded => Slots.Any(s => s.State != MemberState.Active);
}
