using Layered.BlockStack.Tags;

namespace Layered.Leases;

/// <summary>
/// A holder's right to issue I/O through its mapping of <c>[Offset, Offset + Length)</c> of one
/// inode. While it is live, nothing frees or moves those blocks. It ends when the holder
/// releases it or when a breaker fences it.
/// </summary>
/// <remarks>
/// The holder attaches every tag it issues through, so a fence can revoke them. Mutable state
/// is guarded by the owning table's lock; the end is signalled after that lock is released.
/// </remarks>
public sealed class LayoutLease : IAsyncDisposable
{
    private readonly LeaseTable _table;
    private readonly List<DeviceTag> _tags = [];
    private readonly TaskCompletionSource<LeaseState> _ended = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _fenced = new();
    private int _state;

    internal LayoutLease(LeaseTable table, long id, ulong inode, ByteRange range, LeaseMode mode, ILeaseHolder holder)
    {
        _table = table;
        Id = id;
        Inode = inode;
        Range = range;
        Mode = mode;
        Holder = holder;
    }

    /// <summary>Unique within its table, for logs.</summary>
    public long Id { get; }

    public ulong Inode { get; }

    public long Offset => Range.Offset;

    /// <summary><c>long.MaxValue - Offset</c> when the lease runs to the end of the file.</summary>
    public long Length => Range.Length;

    public LeaseMode Mode { get; }

    public ILeaseHolder Holder { get; }

    public LeaseState State => (LeaseState)Volatile.Read(ref _state);

    /// <summary>Completes with <see cref="LeaseState.Released"/> or <see cref="LeaseState.Fenced"/>; a fence completes it only once every tag has drained.</summary>
    public Task<LeaseState> Ended => _ended.Task;

    public IReadOnlyList<DeviceTag> Tags
    {
        get { lock (_table.SyncRoot) return [.. _tags]; }
    }

    internal ByteRange Range { get; }

    /// <summary>Cancelled when the lease is fenced; handed to the holder's recall callback.</summary>
    internal CancellationToken FencedToken => _fenced.Token;

    /// <summary>Set when a fence starts; every breaker that reaches this lease awaits the same one.</summary>
    internal Task? Fence { get; private set; }

    /// <summary>
    /// Registers a tag (of any device, stacked or not) that the holder issues through, so a fence
    /// revokes it. Returns false once the lease has ended: the holder must not issue through that
    /// tag under this lease, since no fence would cover it.
    /// </summary>
    public bool AttachTag(DeviceTag tag)
    {
        ArgumentNullException.ThrowIfNull(tag);
        lock (_table.SyncRoot)
        {
            if (State is LeaseState.Released or LeaseState.Fenced) return false;
            if (!_tags.Contains(tag)) _tags.Add(tag);
            return true;
        }
    }

    /// <summary>
    /// Ends the lease. The holder must already have stopped issuing and drained its I/O. Releasing
    /// twice, or after a fence, does nothing.
    /// </summary>
    public ValueTask ReleaseAsync()
    {
        _table.Release(this);
        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync() => ReleaseAsync();

    /// <summary>Under the table's lock: Active becomes Recalled; true only for the first breaker.</summary>
    internal bool TryBeginRecall() => TryMove(LeaseState.Active, LeaseState.Recalled);

    /// <summary>Under the table's lock.</summary>
    internal bool TryRelease() =>
        TryMove(LeaseState.Active, LeaseState.Released) || TryMove(LeaseState.Recalled, LeaseState.Released);

    /// <summary>Under the table's lock: marks the lease fenced and hands back the tags to revoke.</summary>
    internal List<DeviceTag>? TryBeginFence(Task fence)
    {
        if (State is LeaseState.Released or LeaseState.Fenced) return null;
        Volatile.Write(ref _state, (int)LeaseState.Fenced);
        Fence = fence;
        return [.. _tags];
    }

    /// <summary>Outside the lock: tells the holder's drain to give up, since its tags are being revoked.</summary>
    internal void SignalFenced() => _fenced.Cancel();

    /// <summary>Outside the lock.</summary>
    internal void SignalEnded() => _ended.TrySetResult(State);

    private bool TryMove(LeaseState from, LeaseState to)
    {
        if (State != from) return false;
        Volatile.Write(ref _state, (int)to);
        return true;
    }

    public override string ToString() => $"lease {Id} on inode {Inode} {Range} {Mode} for {Holder.Name} ({State})";
}
