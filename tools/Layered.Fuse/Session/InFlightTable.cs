namespace Layered.Fuse.Session;

/// <summary>
/// Requests being served, by unique id, so FUSE_INTERRUPT can cancel one. Each worker owns one
/// token source and reuses it; one that an interrupt reached is replaced instead, so a late
/// Cancel never lands on the worker's next request. Cancel runs outside the lock, because it runs
/// the token's callbacks inline.
/// </summary>
public sealed class InFlightTable
{
    private readonly Lock _lock = new();
    private readonly Dictionary<ulong, Slot> _slots = [];

    public int Count
    {
        get { lock (_lock) return _slots.Count; }
    }

    public sealed class Slot
    {
        internal CancellationTokenSource Source = new();
        internal bool Interrupted;

        public CancellationToken Token => Source.Token;
    }

    public void Begin(ulong unique, Slot slot)
    {
        lock (_lock)
        {
            slot.Interrupted = false;
            _slots[unique] = slot;
        }
    }

    public void End(ulong unique, Slot slot)
    {
        bool interrupted;
        lock (_lock)
        {
            _slots.Remove(unique);
            interrupted = slot.Interrupted;
        }
        if (interrupted || !slot.Source.TryReset()) slot.Source = new CancellationTokenSource();
    }

    /// <summary>Cancels the request if it is still being served; returns whether it was.</summary>
    public bool Interrupt(ulong unique)
    {
        CancellationTokenSource source;
        lock (_lock)
        {
            if (!_slots.TryGetValue(unique, out var slot)) return false;
            slot.Interrupted = true;
            source = slot.Source;
        }
        source.Cancel();
        return true;
    }
}
