namespace Layered.Fs.Tests.Crash;

/// <summary>
/// Power for a set of devices: after a given number of writes and flushes (counted across all
/// of them) it goes off. The write it goes off on may land a prefix of its sectors (a torn
/// write); every later request fails, as if the machine had lost power.
/// </summary>
internal sealed class PowerSwitch(long cutAfterWrites, bool tear, int seed)
{
    private readonly Lock _lock = new();
    private readonly Random _random = new(seed);
    private long _writes;

    public bool IsOff { get; private set; }

    public long Writes { get { lock (_lock) return _writes; } }

    /// <summary>Whether a request runs; when the cut tears it, how many of its sectors still land.</summary>
    public (bool Runs, long TornSectors) Admit(bool countsAsWrite, bool isWrite, long sectorCount)
    {
        lock (_lock)
        {
            if (IsOff) return (false, 0);
            if (!countsAsWrite) return (true, 0);
            _writes++;
            if (_writes < cutAfterWrites) return (true, 0);
            IsOff = true;
            return (false, tear && isWrite && sectorCount > 1 ? _random.NextInt64(1, sectorCount) : 0);
        }
    }
}
