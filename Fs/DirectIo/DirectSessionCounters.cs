namespace Layered.Fs.DirectIo;

/// <summary>What a session did: ops, lease round trips, and how often a tag had to be re-mapped or the plain path served.</summary>
public sealed class DirectSessionCounters
{
    private long _ops;
    private long _acquires;
    private long _recalls;
    private long _remaps;
    private long _maps;
    private long _plainIos;
    private long _stale;

    public long Ops => Interlocked.Read(ref _ops);
    public long Acquires => Interlocked.Read(ref _acquires);
    public long Recalls => Interlocked.Read(ref _recalls);
    public long Remaps => Interlocked.Read(ref _remaps);

    /// <summary>Calls of the filesystem's map callout (mapping-cache misses).</summary>
    public long Maps => Interlocked.Read(ref _maps);
    public long PlainIos => Interlocked.Read(ref _plainIos);
    public long Stale => Interlocked.Read(ref _stale);

    internal void Op() => Interlocked.Increment(ref _ops);
    internal void Acquire() => Interlocked.Increment(ref _acquires);
    internal void Recall() => Interlocked.Increment(ref _recalls);
    internal void Remap() => Interlocked.Increment(ref _remaps);
    internal void Map() => Interlocked.Increment(ref _maps);
    internal void PlainIo() => Interlocked.Increment(ref _plainIos);
    internal void StaleOp() => Interlocked.Increment(ref _stale);

    /// <summary>The most recall-to-release latencies kept; older ones are overwritten.</summary>
    public const int KeptRecallLatencies = 8192;

    private readonly long[] _recallTicks = new long[KeptRecallLatencies];
    private long _recallsTimed;

    /// <summary>How long recalls took from the callback to the release, the latest <see cref="KeptRecallLatencies"/> of them, oldest first.</summary>
    public IReadOnlyList<TimeSpan> RecallLatencies
    {
        get
        {
            lock (_recallTicks)
            {
                var count = (int)Math.Min(_recallsTimed, KeptRecallLatencies);
                var first = _recallsTimed - count;
                return [.. Enumerable.Range(0, count).Select(i => TimeSpan.FromTicks(_recallTicks[(first + i) % KeptRecallLatencies]))];
            }
        }
    }

    internal void RecallTook(TimeSpan latency)
    {
        lock (_recallTicks) _recallTicks[_recallsTimed++ % KeptRecallLatencies] = latency.Ticks;
    }
}
