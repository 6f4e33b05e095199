namespace Layered.Leases.Tests.Support;

/// <summary>A holder that hears the recall and ignores it: a hung or malicious client that must be fenced.</summary>
internal sealed class DeafHolder(string name = "deaf") : ILeaseHolder
{
    private int _recalls;
    private int _cancelled;

    public string Name => name;

    public int Recalls => Volatile.Read(ref _recalls);

    /// <summary>Whether the token handed to the callback was cancelled, i.e. the holder was told it is fenced.</summary>
    public bool ToldFenced => Volatile.Read(ref _cancelled) != 0;

    public ValueTask RecallAsync(LayoutLease lease, CancellationToken ct)
    {
        Interlocked.Increment(ref _recalls);
        ct.Register(() => Volatile.Write(ref _cancelled, 1));
        return ValueTask.CompletedTask;
    }
}
