using Layered.Leases;

namespace Layered.Fs.Tests.DirectIo;

/// <summary>A read-layout holder that, once recalled, releases only when the test opens its gate.</summary>
internal sealed class GatedReader : ILeaseHolder
{
    private readonly TaskCompletionSource _gate = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _recalled = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public string Name => "gated-reader";

    public Task Recalled => _recalled.Task;

    public void Open() => _gate.TrySetResult();

    public async ValueTask RecallAsync(LayoutLease lease, CancellationToken ct)
    {
        _recalled.TrySetResult();
        await _gate.Task.WaitAsync(ct);
        await lease.ReleaseAsync();
    }
}
