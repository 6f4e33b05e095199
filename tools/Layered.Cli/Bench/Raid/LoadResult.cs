using System.Numerics;

namespace Layered.Cli.Bench.Raid;

/// <summary>A timed phase of a <see cref="LaneLoad"/>: operations and CPU, plus the bytes moved and the bytes the process allocated.</summary>
internal readonly record struct LoadResult(PhaseResult Phase, long Bytes, long AllocatedBytes)
    : IAdditionOperators<LoadResult, LoadResult, LoadResult>
{
    public double MegabytesPerSecond => Bytes / Phase.Seconds / 1e6;

    /// <summary>Process CPU seconds per wall second: 2.0 is both cores of this machine busy.</summary>
    public double CoresBusy => Phase.CpuSeconds / Phase.Seconds;

    public double AllocatedBytesPerIo => AllocatedBytes / (double)Math.Max(Phase.Ops, 1);

    public static LoadResult operator +(LoadResult a, LoadResult b) =>
        new(a.Phase + b.Phase, a.Bytes + b.Bytes, a.AllocatedBytes + b.AllocatedBytes);
}
