namespace Layered.Raid;

public enum RaidEventKind
{
    MemberFailed,
    MemberRemoved,
    MemberAdded,
    SpareAdded,
    ReplaceStarted,
    RebuildStarted,
    RebuildCompleted,
    RebuildAborted,
    ReadErrorRepaired,
    MemberTagged,
}

/// <summary>Something that happened to a set, for status output, drills and timelines.</summary>
public sealed record RaidEvent(DateTimeOffset Time, RaidEventKind Kind, int Slot, string Device, string Detail)
{
    public override string ToString() => $"{Time:HH:mm:ss.fff} {Kind} slot {Slot} {Device}{(Detail.Length > 0 ? ": " + Detail : "")}";
}
