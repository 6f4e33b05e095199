namespace Layered.Leases;

/// <summary>What a lease table has done, for reports and tests. Every count only grows.</summary>
public sealed class LeaseCounters
{
    private long _acquisitions;
    private long _waits;
    private long _breaks;
    private long _queuedBreaks;
    private long _wouldBlock;
    private long _recalls;
    private long _releases;
    private long _fences;

    /// <summary>Acquisitions asked for, including those that later gave up waiting.</summary>
    public long Acquisitions => Interlocked.Read(ref _acquisitions);

    /// <summary>Acquisitions that had to wait behind a breaker.</summary>
    public long Waits => Interlocked.Read(ref _waits);

    /// <summary>Breaks that returned a scope.</summary>
    public long Breaks => Interlocked.Read(ref _breaks);

    /// <summary>Breakers that had to wait behind an earlier overlapping breaker or acquisition.</summary>
    public long QueuedBreaks => Interlocked.Read(ref _queuedBreaks);

    /// <summary>Non-blocking breaks refused with EAGAIN.</summary>
    public long WouldBlock => Interlocked.Read(ref _wouldBlock);

    /// <summary>Leases whose holder was called back (once per lease, however many breakers).</summary>
    public long Recalls => Interlocked.Read(ref _recalls);

    public long Releases => Interlocked.Read(ref _releases);

    public long Fences => Interlocked.Read(ref _fences);

    internal void RecordAcquisition() => Interlocked.Increment(ref _acquisitions);
    internal void RecordWait() => Interlocked.Increment(ref _waits);
    internal void RecordBreak() => Interlocked.Increment(ref _breaks);
    internal void RecordQueuedBreak() => Interlocked.Increment(ref _queuedBreaks);
    internal void RecordWouldBlock() => Interlocked.Increment(ref _wouldBlock);
    internal void RecordRecall() => Interlocked.Increment(ref _recalls);
    internal void RecordRelease() => Interlocked.Increment(ref _releases);
    internal void RecordFence() => Interlocked.Increment(ref _fences);

    public override string ToString() =>
        $"acquisitions {Acquisitions} (waited {Waits}), breaks {Breaks} (queued {QueuedBreaks}, would block {WouldBlock}), "
        + $"recalls {Recalls}, releases {Releases}, fences {Fences}";
}
