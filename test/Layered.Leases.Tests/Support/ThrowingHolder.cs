namespace Layered.Leases.Tests.Support;

/// <summary>A holder whose recall callback fails: a buggy client, to be fenced like a deaf one.</summary>
internal sealed class ThrowingHolder : ILeaseHolder
{
    public string Name => "throwing";

    public ValueTask RecallAsync(LayoutLease lease, CancellationToken ct) => throw new InvalidOperationException("holder bug");
}
