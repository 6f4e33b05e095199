namespace Layered.Cli.Bench.Raid;

/// <summary>
/// Runs a baseline and the measured path for the same time each, after an unmeasured warm-up
/// of both (so JIT tiering and pool growth land in neither). The time is cut into rounds of
/// about a second, each run in ABBA order (baseline, measured, measured, baseline), so drift
/// and other work on the machine, which come and go over seconds, fall on both sides alike.
/// </summary>
internal sealed class SideBySide(TimeSpan duration, Action<string> progress)
{
    private static readonly TimeSpan s_round = TimeSpan.FromSeconds(1);

    public TimeSpan Duration => duration;

    /// <summary>The warm-up per side: an eighth of a side's time, between 20 and 300 ms.</summary>
    public TimeSpan WarmUp => TimeSpan.FromMilliseconds(Math.Clamp(duration.TotalMilliseconds / 8, 20, 300));

    public async Task<(LoadResult Baseline, LoadResult Measured)> RunAsync(
        string label, string baselineName, Func<TimeSpan, Task<LoadResult>> baseline, string measuredName, Func<TimeSpan, Task<LoadResult>> measured)
    {
        await Abba.WarmUpAsync(baseline, measured, WarmUp);
        var (b, m) = await Abba.RunAsync(baseline, measured, duration, rounds: Math.Max(1, (int)Math.Round(duration / s_round)));
        progress($"  {label,-34} {baselineName} {b.MegabytesPerSecond,8:N0} MB/s ({b.CoresBusy:F1} cores)   {measuredName} {m.MegabytesPerSecond,8:N0} MB/s ({m.CoresBusy:F1} cores)");
        return (b, m);
    }
}
