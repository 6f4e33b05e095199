namespace Layered.Leases;

/// <summary>
/// Held by a breaker while it changes the mapping of its range (frees, moves or allocates
/// blocks). Until it is disposed, acquisitions the break covers and overlapping breakers wait.
/// </summary>
public sealed class BreakScope : IDisposable, IAsyncDisposable
{
    private readonly LeaseTable _table;
    private readonly LeaseRequest? _request;
    private readonly ByteRange _range;
    private int _disposed;

    internal BreakScope(LeaseTable table, ulong inode, ByteRange range, LeaseRequest? request, IReadOnlyList<LayoutLease> recalled)
    {
        _table = table;
        Inode = inode;
        _range = range;
        _request = request;
        Recalled = recalled;
    }

    public ulong Inode { get; }

    public long Offset => _range.Offset;

    public long Length => _range.Length;

    /// <summary>The leases this break waited for; each ended Released or Fenced before the scope was handed out.</summary>
    public IReadOnlyList<LayoutLease> Recalled { get; }

    public int FencedCount => Recalled.Count(l => l.State == LeaseState.Fenced);

    /// <summary>Ends the break; waiting acquisitions and breakers go in arrival order. Idempotent.</summary>
    public void Dispose()
    {
        if (_request is null || Interlocked.Exchange(ref _disposed, 1) != 0) return;
        _table.Finish(Inode, _request);
    }

    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    public override string ToString() => $"break scope on inode {Inode} {_range} ({Recalled.Count} recalled, {FencedCount} fenced)";
}
