using Layered.Fuse.Protocol;

namespace Layered.Fuse.Session;

/// <summary>
/// Every serving context's <see cref="RequestSlot"/>, for the rare readers that need them all:
/// FUSE_INTERRUPT looking for its request, and counters summed for status and tests. Slots are
/// added as workers and io_uring entries are made and kept for the session's life.
/// </summary>
public sealed class RequestSlots
{
    private readonly Lock _lock = new();
    private RequestSlot[] _slots = [];

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

    /// <summary>Cancels the request with this unique id if it is still being served; returns whether it was.</summary>
    public bool Interrupt(ulong unique)
    {
        foreach (var slot in Volatile.Read(ref _slots))
            if (slot.TryInterrupt(unique)) return true;
        return false;
    }
}
