namespace Layered.Leases;

/// <summary>Whoever holds layout leases: a direct I/O session, a pNFS-like client, a test.</summary>
public interface ILeaseHolder
{
    /// <summary>For logs and fence messages.</summary>
    string Name { get; }

    /// <summary>
    /// A breaker needs the range back. The holder stops issuing through the lease, drains its
    /// in-flight I/O, drops its mapping cache and calls <see cref="LayoutLease.ReleaseAsync"/>,
    /// here or later. Returning without releasing is allowed; not releasing within the break
    /// time gets the lease fenced.
    /// </summary>
    /// <remarks>
    /// Runs on the thread pool, never under the table's lock, so it may await freely.
    /// <paramref name="ct"/> is cancelled when the lease is fenced: draining is pointless then.
    /// </remarks>
    ValueTask RecallAsync(LayoutLease lease, CancellationToken ct);
}
