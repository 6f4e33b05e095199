using System.Diagnostics;
using Layered.Fuse.Protocol;

namespace Layered.Fuse.Session;

/// <summary>
/// Every serving context's <see cref="RequestSlot"/>, for the rare readers that need them all:
/// FUSE_INTERRUPT looking for its request, and counters summed for status and tests. Slots are
/// added as workers and io_uring entries are made and kept for the session's life.
/// </summary>
/// <remarks>
/// The kernel sends an interrupt as soon as the request has been read, which can be before the
/// context that read it has begun serving it (another worker reads the interrupt; an io_uring
/// entry's completion waits for its ring thread). An interrupt that finds no request is
/// therefore remembered for a while, and a context that begins the request takes it then.
/// </remarks>
public sealed class RequestSlots
{
    /// <summary>Interrupts remembered at most; a newer one replaces the oldest.</summary>
    private const int MaxEarlyInterrupts = 16;

    /// <summary>How long an interrupt that found nothing is remembered (after that its request was answered before it came).</summary>
    private static readonly long s_earlyInterruptTicks = Stopwatch.Frequency;

    private readonly Lock _lock = new();
    private RequestSlot[] _slots = [];
    private readonly (ulong Unique, long At)[] _early = new (ulong, long)[MaxEarlyInterrupts];
    private int _earlyCount;

    /// <summary>A new slot for one serving context.</summary>
    public RequestSlot Add()
    {
        var slot = new RequestSlot();
        lock (_lock) _slots = [.. _slots, slot];
        return slot;
    }

    /// <summary>Requests being served right now.</summary>
    public int InFlight => Volatile.Read(ref _slots).Count(s => s.Busy);

    /// <summary>Requests of one opcode served so far, over every transport.</summary>
    public long Requests(FuseOpcode opcode) => Volatile.Read(ref _slots).Sum(s => s.Requests(opcode));

    /// <summary>
    /// Cancels the request with this unique id if it is being served, or else remembers the
    /// interrupt for the context about to begin it. Returns whether it found the request now.
    /// </summary>
    public bool Interrupt(ulong unique)
    {
        if (TryInterruptServed(unique)) return true;
        lock (_lock) Remember(unique);
        // A context may have begun the request since the first look; one that begins it from now
        // on finds the interrupt remembered.
        if (!TryInterruptServed(unique)) return false;
        lock (_lock) Forget(unique);
        return true;
    }

    /// <summary>By a context that has just begun <paramref name="unique"/>: whether an interrupt for it came first.</summary>
    internal bool TakeEarlyInterrupt(ulong unique)
    {
        if (Volatile.Read(ref _earlyCount) == 0) return false;
        lock (_lock) return Forget(unique);
    }

    private bool TryInterruptServed(ulong unique)
    {
        foreach (var slot in Volatile.Read(ref _slots))
            if (slot.TryInterrupt(unique)) return true;
        return false;
    }

    private void Remember(ulong unique)
    {
        var now = Stopwatch.GetTimestamp();
        var oldest = 0;
        for (var i = 0; i < _early.Length; i++)
        {
            if (_early[i].At == 0) { oldest = i; break; }
            if (_early[i].At < _early[oldest].At) oldest = i;
        }
        if (_early[oldest].At == 0) _earlyCount++;
        _early[oldest] = (unique, now);
    }

    /// <summary>Drops the remembered interrupt for <paramref name="unique"/> and any that expired; returns whether it was there.</summary>
    private bool Forget(ulong unique)
    {
        var found = false;
        var expired = Stopwatch.GetTimestamp() - s_earlyInterruptTicks;
        for (var i = 0; i < _early.Length; i++)
        {
            if (_early[i].At == 0) continue;
            var match = _early[i].Unique == unique;
            if (!match && _early[i].At > expired) continue;
            found |= match;
            _early[i] = default;
            _earlyCount--;
        }
        return found;
    }
}
