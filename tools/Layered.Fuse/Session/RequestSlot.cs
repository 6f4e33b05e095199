using Layered.Fuse.Protocol;

namespace Layered.Fuse.Session;

/// <summary>
/// Where one serving context (a /dev/fuse worker or an io_uring entry) serves its requests, one at
/// a time: the request in flight, the token FUSE_INTERRUPT cancels, and the context's own count of
/// requests by opcode. Only its own context writes it, so serving takes no shared lock; the counts
/// sit in the middle of an array padded by a cache line each side, so no other CPU's writes share
/// their lines. The gate is taken by the context and, rarely, by an interrupt looking for its request.
/// </summary>
public sealed class RequestSlot
{
    /// <summary>Longs left unused either side of the counts, one cache line each.</summary>
    private const int CountPadding = 8;

    private const int Opcodes = (int)FuseOpcode.FUSE_COPY_FILE_RANGE_64 + 1;

    private readonly Lock _gate = new();
    private readonly long[] _counts = new long[Opcodes + 2 * CountPadding];
    private CancellationTokenSource _source = new();
    private ulong _unique;
    private bool _busy;
    private bool _interrupted;

    /// <summary>Cancelled if the request being served is interrupted.</summary>
    public CancellationToken Token => _source.Token;

    /// <summary>Whether a request is being served here.</summary>
    public bool Busy
    {
        get { lock (_gate) return _busy; }
    }

    /// <summary>Requests of one opcode served here so far.</summary>
    public long Requests(FuseOpcode opcode) => (uint)opcode < Opcodes ? Volatile.Read(ref _counts[CountPadding + (int)opcode]) : 0;

    /// <summary>Requests of every opcode this context has begun serving so far.</summary>
    public long Served
    {
        get
        {
            long total = 0;
            for (var i = 0; i < Opcodes; i++) total += Volatile.Read(ref _counts[CountPadding + i]);
            return total;
        }
    }

    /// <summary>Counts a request; by the serving context only.</summary>
    internal void Count(FuseOpcode opcode)
    {
        if ((uint)opcode >= Opcodes) return;
        ref var count = ref _counts[CountPadding + (int)opcode];
        Volatile.Write(ref count, count + 1);
    }

    internal void Begin(ulong unique)
    {
        lock (_gate)
        {
            _unique = unique;
            _busy = true;
            _interrupted = false;
        }
    }

    /// <summary>
    /// Ends the request. The token source is reused unless an interrupt reached it, in which case
    /// it is replaced, so a late Cancel never lands on the next request.
    /// </summary>
    internal void End()
    {
        bool interrupted;
        lock (_gate)
        {
            _busy = false;
            interrupted = _interrupted;
        }
        if (interrupted || !_source.TryReset()) _source = new CancellationTokenSource();
    }

    /// <summary>
    /// Cancels the request if it is the one being served here; returns whether it was. Cancel runs
    /// outside the gate, because it runs the token's callbacks inline.
    /// </summary>
    internal bool TryInterrupt(ulong unique)
    {
        CancellationTokenSource source;
        lock (_gate)
        {
            if (!_busy || _unique != unique) return false;
            _interrupted = true;
            source = _source;
        }
        source.Cancel();
        return true;
    }
}
