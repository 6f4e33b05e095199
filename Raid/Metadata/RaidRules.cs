namespace Layered.Raid.Metadata;

/// <summary>
/// What each level needs and tolerates. Assembly, creation and the RAID device share these
/// rules so that "can this array run?" has one answer.
/// </summary>
/// <remarks>
/// A slot counts as in sync only when it is <see cref="MemberState.Active"/>. A
/// <see cref="MemberState.Rebuilding"/> member is current only below its checkpoint, so it
/// cannot stand in for a lost copy and counts as missing for redundancy.
/// </remarks>
public static class RaidRules
{
    /// <summary>Slots per array. The superblock's slot table is sized for this many.</summary>
    public const int MaxMembers = 64;

    public static int MinMembers(RaidLevel level) => level switch
    {
        RaidLevel.Linear => 1,
        RaidLevel.Raid0 => 1,
        RaidLevel.Raid1 => 1,
        RaidLevel.Raid10 => 2,
        RaidLevel.Raid5 => 3,
        RaidLevel.Raid6 => 4,
        _ => throw new ArgumentOutOfRangeException(nameof(level), level, "unknown RAID level"),
    };

    /// <summary>
    /// The most slots that may lack an in-sync member while the array still serves every
    /// byte. For RAID10 this is the best case (one per mirror pair); <see cref="IsStartable"/>
    /// checks the pairs.
    /// </summary>
    public static int MaxMissing(RaidLevel level, int members) => level switch
    {
        RaidLevel.Linear or RaidLevel.Raid0 => 0,
        RaidLevel.Raid1 => Math.Max(members - 1, 0),
        RaidLevel.Raid10 => members / 2,
        RaidLevel.Raid5 => 1,
        RaidLevel.Raid6 => 2,
        _ => throw new ArgumentOutOfRangeException(nameof(level), level, "unknown RAID level"),
    };

    /// <summary>How many members' worth of data bytes the array exposes.</summary>
    public static int DataMembers(RaidLevel level, int members) => level switch
    {
        RaidLevel.Linear or RaidLevel.Raid0 => members,
        RaidLevel.Raid1 => 1,
        RaidLevel.Raid10 => members / 2,
        RaidLevel.Raid5 => members - 1,
        RaidLevel.Raid6 => members - 2,
        _ => throw new ArgumentOutOfRangeException(nameof(level), level, "unknown RAID level"),
    };

    /// <summary>Null when <paramref name="members"/> slots make a valid array of this level; otherwise why not.</summary>
    public static string? CheckMemberCount(RaidLevel level, int members)
    {
        if (!Enum.IsDefined(level)) return $"level {(int)level} is not known";
        if (members < 1 || members > MaxMembers) return $"member count {members} is outside 1..{MaxMembers}";
        var min = MinMembers(level);
        if (members < min) return $"{Describe(level)} needs at least {min} members, not {members}";
        if (level == RaidLevel.Raid10 && members % 2 != 0) return $"raid10 needs an even number of members, not {members}";
        return null;
    }

    /// <summary>
    /// True when every byte of the array can be read from the in-sync slots: linear and raid0
    /// need all; raid1 one; raid10 one of each pair (2k, 2k+1); raid5 all but one; raid6 all but two.
    /// </summary>
    public static bool IsStartable(RaidLevel level, IReadOnlyList<MemberState> slotStates)
    {
        ArgumentNullException.ThrowIfNull(slotStates);
        if (CheckMemberCount(level, slotStates.Count) is not null) return false;
        var missing = 0;
        foreach (var state in slotStates) if (state != MemberState.Active) missing++;
        if (level == RaidLevel.Raid10)
        {
            for (var pair = 0; pair < slotStates.Count; pair += 2)
                if (slotStates[pair] != MemberState.Active && slotStates[pair + 1] != MemberState.Active) return false;
            return true;
        }
        return missing <= MaxMissing(level, slotStates.Count);
    }

    /// <summary>The level as users type it: linear, raid0, raid1, raid10, raid5, raid6.</summary>
    public static string Describe(RaidLevel level) => level.ToString().ToLowerInvariant();
}
