using System.Collections.Concurrent;
using Layered.BlockStack;
using Layered.BlockStack.Tags;

namespace Layered.Leases.Tests.Support;

/// <summary>
/// A direct I/O client in miniature. Its I/O through a lease passes a per-lease gate; a recall
/// closes the gate, drains it and releases. A deaf client skips the gate and ignores recalls,
/// so only a fence can stop it.
/// </summary>
internal sealed class IoClient(string name, bool deaf) : ILeaseHolder
{
    private readonly ConcurrentDictionary<LayoutLease, DrainGate> _gates = new();

    public string Name => name;

    public bool IsDeaf => deaf;

    public async ValueTask RecallAsync(LayoutLease lease, CancellationToken ct)
    {
        if (deaf) return;
        await GateOf(lease).CloseAndDrainAsync().WaitAsync(ct);
        await lease.ReleaseAsync();
    }

    /// <summary>One tagged read through the lease; false once the lease was recalled or its tag revoked.</summary>
    public async ValueTask<bool> TryReadAsync(LayoutLease lease, DeviceTag tag, long sector)
    {
        var gate = GateOf(lease);
        if (!deaf && !gate.TryEnter()) return false;
        try
        {
            var result = await tag.Device.ReadTaggedAsync(tag, 0, sector, 8);
            return result.Status == IoStatus.Ok;
        }
        finally
        {
            if (!deaf) gate.Exit();
        }
    }

    /// <summary>Done with the lease of its own accord: stop, drain, release.</summary>
    public async ValueTask FinishAsync(LayoutLease lease)
    {
        await GateOf(lease).CloseAndDrainAsync();
        await lease.ReleaseAsync();
        _gates.TryRemove(lease, out _);
    }

    // A recall can arrive before the acquirer has seen its lease, so either side may create the gate.
    private DrainGate GateOf(LayoutLease lease) => _gates.GetOrAdd(lease, static _ => new DrainGate());
}
