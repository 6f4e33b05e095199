namespace Layered.Cli.Bench.Direct;

/// <summary>What <c>layered bench direct</c> runs: loops of a raid0, the file span, queue depth, phase length, break cycles.</summary>
internal sealed record DirectBenchSettings(int Loops, long LoopBytes, long FileBytes, int QueueDepth, TimeSpan PhaseDuration, int BreakCycles, ulong Seed, bool RunFio)
{
    public const int BlockBytes = 4096;

    public string? Validate() =>
        Loops is < 2 or > 8 ? "--loops must be 2..8"
        : QueueDepth is < 1 or > 256 ? "--qd must be 1..256"
        : PhaseDuration <= TimeSpan.Zero ? "--seconds must be positive"
        : FileBytes < 16 * BlockBytes || FileBytes > Loops * LoopBytes / 2 ? "--file-size must be at least 64K and at most half the raid0"
        : BreakCycles < 1 ? "--cycles must be at least 1"
        : null;
}
