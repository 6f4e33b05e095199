namespace Layered.Cli.Drill.Timeline;

/// <summary>Round tick steps (1, 2 or 5 times a power of ten) for a chart axis.</summary>
internal static class AxisTicks
{
    /// <summary>A round step that cuts [0, max] into at most <paramref name="maxTicks"/> parts.</summary>
    public static double Step(double max, int maxTicks)
    {
        if (max <= 0) return 1;
        var raw = max / maxTicks;
        var power = Math.Pow(10, Math.Floor(Math.Log10(raw)));
        foreach (var factor in new[] { 1.0, 2.0, 5.0, 10.0 })
            if (factor * power >= raw) return factor * power;
        return 10 * power;
    }

    /// <summary>The axis top: the first tick at or above max.</summary>
    public static double Ceiling(double max, double step) => Math.Max(step, Math.Ceiling(max / step - 1e-9) * step);
}
