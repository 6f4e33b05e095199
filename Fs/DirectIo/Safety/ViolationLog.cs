namespace Layered.Fs.DirectIo.Safety;

/// <summary>Counts every violation and keeps the first few descriptions, so a broken run stays readable and bounded.</summary>
public sealed class ViolationLog(int keep)
{
    private readonly Lock _lock = new();
    private readonly List<string> _samples = [];
    private long _count;

    public long Count => Interlocked.Read(ref _count);

    public IReadOnlyList<string> Samples
    {
        get { lock (_lock) return [.. _samples]; }
    }

    public void Add(string description)
    {
        Interlocked.Increment(ref _count);
        lock (_lock)
            if (_samples.Count < keep) _samples.Add(description);
    }
}
