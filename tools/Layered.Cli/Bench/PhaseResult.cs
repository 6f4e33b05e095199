using System.Numerics;
using System.Text.Json.Nodes;

namespace Layered.Cli.Bench;

/// <summary>What one timed phase did: operations, wall time and process CPU time.</summary>
internal readonly record struct PhaseResult(long Ops, double Seconds, double CpuSeconds, double UserCpuSeconds = double.NaN)
    : IAdditionOperators<PhaseResult, PhaseResult, PhaseResult>
{
    public double Iops => Ops / Seconds;

    public double CpuMicrosPerIo => CpuSeconds * 1e6 / Math.Max(Ops, 1);

    public double IopsPerCpuSecond => Ops / Math.Max(CpuSeconds, 1e-9);

    /// <summary>The user-mode share of the CPU time; the rest was spent in the kernel.</summary>
    public double UserMicrosPerIo => UserCpuSeconds * 1e6 / Math.Max(Ops, 1);

    public static PhaseResult operator +(PhaseResult a, PhaseResult b) =>
        new(a.Ops + b.Ops, a.Seconds + b.Seconds, a.CpuSeconds + b.CpuSeconds, a.UserCpuSeconds + b.UserCpuSeconds);

    public JsonObject ToJson(string prefix)
    {
        var json = new JsonObject
        {
            [$"{prefix}_iops"] = Math.Round(Iops),
            [$"{prefix}_cpu_us_per_io"] = Math.Round(CpuMicrosPerIo, 3),
            [$"{prefix}_iops_per_cpu_second"] = Math.Round(IopsPerCpuSecond),
        };
        if (!double.IsNaN(UserCpuSeconds)) json[$"{prefix}_user_cpu_us_per_io"] = Math.Round(UserMicrosPerIo, 3);
        return json;
    }
}
