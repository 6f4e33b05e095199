namespace Layered.Raid;

/// <summary>What a set has had to do beyond plain I/O.</summary>
public sealed class RaidCounters
{
    private long _readErrorsRepaired;
    private long _reconstructedReads;
    private long _memberFailures;
    private long _taggedMemberIos;
    private long _plainMemberIos;
    private long _rowsRebuilt;

    /// <summary>Rows written onto rebuild targets by completed rebuilds (a bitmap re-add writes only dirty rows).</summary>
    public long RebuiltRows => Interlocked.Read(ref _rowsRebuilt);

    internal void RowsRebuilt(long rows) => Interlocked.Add(ref _rowsRebuilt, rows);

    public long ReadErrorsRepaired => Interlocked.Read(ref _readErrorsRepaired);

    public long ReconstructedReads => Interlocked.Read(ref _reconstructedReads);

    public long MemberFailures => Interlocked.Read(ref _memberFailures);

    /// <summary>Member I/Os issued with a member tag.</summary>
    public long TaggedMemberIos => Interlocked.Read(ref _taggedMemberIos);

    /// <summary>Member I/Os issued through the plain path (no member tag, scratch memory, or plain set I/O).</summary>
    public long PlainMemberIos => Interlocked.Read(ref _plainMemberIos);

    internal void ReadErrorRepaired() => Interlocked.Increment(ref _readErrorsRepaired);

    internal void ReconstructedRead() => Interlocked.Increment(ref _reconstructedReads);

    internal void MemberFailed() => Interlocked.Increment(ref _memberFailures);

    internal void MemberIo(bool tagged)
    {
        if (tagged) Interlocked.Increment(ref _taggedMemberIos);
        else Interlocked.Increment(ref _plainMemberIos);
    }
}
