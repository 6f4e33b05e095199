namespace Layered.Fs.DirectIo.Safety;

/// <summary>One global sequence, so "completed before that started" is a comparison of numbers.</summary>
public sealed class RaceClock
{
    private long _now;

    public long Tick() => Interlocked.Increment(ref _now);
}
