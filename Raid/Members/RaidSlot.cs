namespace Layered.Raid.Members;

/// <summary>
/// One role in a set: its member and, during a replace, the replacement being filled beside
/// it. Both receive writes; reads go to whichever is in sync for the row.
/// </summary>
internal sealed class RaidSlot
{
    private RaidMember? _member;
    private RaidMember? _replacement;

    public RaidMember? Member
    {
        get => Volatile.Read(ref _member);
        set => Volatile.Write(ref _member, value);
    }

    public RaidMember? Replacement
    {
        get => Volatile.Read(ref _replacement);
        set => Volatile.Write(ref _replacement, value);
    }

    /// <summary>A member that can serve a read of this row, or null.</summary>
    public RaidMember? Reader(long row) =>
        Member is { } member && member.IsReadable(row) ? member
        : Replacement is { } replacement && replacement.IsReadable(row) ? replacement
        : null;

    /// <summary>Fills <paramref name="targets"/> with the members that take writes; returns how many.</summary>
    public int Writers(Span<RaidMember?> targets)
    {
        var count = 0;
        if (Member is { IsWritable: true } member) targets[count++] = member;
        if (Replacement is { IsWritable: true } replacement) targets[count++] = replacement;
        return count;
    }
}
