namespace Layered.Leases.Tests.Support;

/// <summary>A holder that answers a recall the way a direct I/O session should: it releases, after an optional delay.</summary>
internal sealed class CooperativeHolder(string name = "cooperative", int releaseDelayMs = 0) : ILeaseHolder
{
    private int _recalls;

    public string Name => name;

    public int Recalls => Volatile.Read(ref _recalls);

    public async ValueTask RecallAsync(LayoutLease lease, CancellationToken ct)
    {
        Interlocked.Increment(ref _recalls);
        if (releaseDelayMs > 0) await Task.Delay(releaseDelayMs, ct);
        await lease.ReleaseAsync();
    }
}
