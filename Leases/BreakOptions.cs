namespace Layered.Leases;

/// <summary>
/// Which overlapping leases a break recalls, and whether the breaker may wait. The filesystem
/// chooses per operation: truncate or punch breaks everything; allocating into a hole breaks
/// only other holders' read leases (the writer's own read-write lease stays valid).
/// </summary>
public sealed record BreakOptions
{
    /// <summary>Recall every overlapping lease, and wait.</summary>
    public static BreakOptions All { get; } = new();

    /// <summary>Fail with <see cref="LeaseBreakWouldBlockException"/> instead of recalling or waiting.</summary>
    public bool NonBlocking { get; init; }

    /// <summary>Recall only <see cref="LeaseMode.Read"/> leases; read-write leases are spared.</summary>
    public bool OnlyReadLeases { get; init; }

    /// <summary>Spare this holder's leases (the breaker's own).</summary>
    public ILeaseHolder? ExceptHolder { get; init; }

    /// <summary>
    /// Whether a lease of this mode and holder is subject to the break. The same test decides
    /// which existing leases are recalled and which new acquisitions wait behind the break.
    /// </summary>
    internal bool Covers(LeaseMode mode, ILeaseHolder holder) =>
        (!OnlyReadLeases || mode == LeaseMode.Read) && !ReferenceEquals(holder, ExceptHolder);

    public override string ToString() =>
        (OnlyReadLeases ? "read leases" : "all leases")
        + (ExceptHolder is { } h ? $" except {h.Name}'s" : "")
        + (NonBlocking ? ", non-blocking" : "");
}
