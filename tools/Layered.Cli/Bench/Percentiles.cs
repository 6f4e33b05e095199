namespace Layered.Cli.Bench;

/// <summary>Latency percentiles as every bench reports them.</summary>
internal static class Percentiles
{
    /// <summary>
    /// Nearest-rank percentile of <paramref name="sorted"/> (ascending), rounded to 0.1; 0 when
    /// there are no samples (never NaN, which a JSON report cannot carry).
    /// </summary>
    public static double Of(IReadOnlyList<double> sorted, double fraction) =>
        sorted.Count == 0 ? 0 : Math.Round(sorted[Math.Clamp((int)Math.Ceiling(fraction * sorted.Count) - 1, 0, sorted.Count - 1)], 1);
}
