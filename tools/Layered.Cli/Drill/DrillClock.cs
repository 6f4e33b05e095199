using System.Diagnostics;

namespace Layered.Cli.Drill;

/// <summary>Seconds since the drill started: the one time axis of events, samples and findings.</summary>
internal sealed class DrillClock
{
    private readonly Stopwatch _watch = Stopwatch.StartNew();

    public double Seconds => _watch.Elapsed.TotalSeconds;

    public TimeSpan Elapsed => _watch.Elapsed;
}
