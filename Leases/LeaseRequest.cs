namespace Layered.Leases;

/// <summary>
/// One entry in an inode's arrival-ordered queue: an acquisition waiting for its turn, or a
/// breaker (waiting, recalling, or holding its scope). Fields change only under the table's lock.
/// </summary>
internal sealed class LeaseRequest
{
    private readonly TaskCompletionSource _granted = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private LeaseRequest(ByteRange range, LeaseMode mode, ILeaseHolder? holder, BreakOptions? breakOptions)
    {
        Range = range;
        Mode = mode;
        Holder = holder;
        BreakOptions = breakOptions;
    }

    public static LeaseRequest ForAcquire(ByteRange range, LeaseMode mode, ILeaseHolder holder) => new(range, mode, holder, null);

    public static LeaseRequest ForBreak(ByteRange range, BreakOptions options) => new(range, default, null, options);

    public ByteRange Range { get; }

    public LeaseMode Mode { get; }

    public ILeaseHolder? Holder { get; }

    /// <summary>Set for a breaker, null for an acquisition.</summary>
    public BreakOptions? BreakOptions { get; }

    public bool IsGranted { get; private set; }

    /// <summary>An acquisition's lease, once granted.</summary>
    public LayoutLease? Lease { get; private set; }

    /// <summary>A breaker's leases to recall, taken at the instant it was granted.</summary>
    public IReadOnlyList<LayoutLease> Recall { get; private set; } = [];

    public Task Granted => _granted.Task;

    public void GrantAcquire(LayoutLease lease)
    {
        IsGranted = true;
        Lease = lease;
    }

    public void GrantBreak(IReadOnlyList<LayoutLease> recall)
    {
        IsGranted = true;
        Recall = recall;
    }

    /// <summary>Wakes the waiter; called after the lock is released so no continuation runs under it.</summary>
    public void Signal() => _granted.TrySetResult();

    /// <summary>
    /// Whether this earlier, unfinished request makes a later one wait. Breakers on overlapping
    /// ranges serialize; an acquisition and a breaker conflict when the break covers that lease.
    /// Acquisitions never wait for each other.
    /// </summary>
    public bool Blocks(LeaseRequest later)
    {
        if (!Range.Overlaps(later.Range)) return false;
        return (BreakOptions, later.BreakOptions) switch
        {
            (not null, not null) => true,
            (not null, null) => BreakOptions.Covers(later.Mode, later.Holder!),
            (null, not null) => later.BreakOptions.Covers(Mode, Holder!),
            (null, null) => false,
        };
    }

    public override string ToString() =>
        (BreakOptions is { } b ? $"break {Range} of {b}" : $"acquire {Range} {Mode} for {Holder!.Name}")
        + (IsGranted ? " (granted)" : " (waiting)");
}
