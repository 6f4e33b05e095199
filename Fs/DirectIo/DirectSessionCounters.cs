namespace Layered.Fs.DirectIo;

/// <summary>What a session did: ops, lease round trips, and how often a tag had to be re-mapped or the plain path served.</summary>
public sealed class DirectSessionCounters
{
    private long _ops;
    private long _acquires;
    private long _recalls;
    private long _remaps;
    private long _plainIos;
    private long _stale;

    public long Ops => Interlocked.Read(ref _ops);
    public long Acquires => Interlocked.Read(ref _acquires);
    public long Recalls => Interlocked.Read(ref _recalls);
    public long Remaps => Interlocked.Read(ref _remaps);
    public long PlainIos => Interlocked.Read(ref _plainIos);
    public long Stale => Interlocked.Read(ref _stale);

    internal void Op() => Interlocked.Increment(ref _ops);
    internal void Acquire() => Interlocked.Increment(ref _acquires);
    internal void Recall() => Interlocked.Increment(ref _recalls);
    internal void Remap() => Interlocked.Increment(ref _remaps);
    internal void PlainIo() => Interlocked.Increment(ref _plainIos);
    internal void StaleOp() => Interlocked.Increment(ref _stale);
}
