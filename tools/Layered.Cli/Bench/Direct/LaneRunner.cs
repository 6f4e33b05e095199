using System.Diagnostics;

namespace Layered.Cli.Bench.Direct;

/// <summary>
/// Random 4K ops at a fixed queue depth: one lane per outstanding op, each lane drawing block
/// numbers from its own xorshift stream and owning one block of the buffer.
/// </summary>
internal static class LaneRunner
{
    public delegate ValueTask<bool> LaneOp(int lane, long offsetBytes);

    public static async Task<PhaseResult> RunAsync(int queueDepth, long blocks, ulong seed, TimeSpan duration, LaneOp op)
    {
        var process = Process.GetCurrentProcess();
        var (cpuBefore, userBefore) = (process.TotalProcessorTime, process.UserProcessorTime);
        var clock = Stopwatch.StartNew();
        var deadline = Environment.TickCount64 + (long)duration.TotalMilliseconds;
        var lanes = Enumerable.Range(0, queueDepth).Select(lane => Task.Run(() => LaneAsync(lane, blocks, seed, deadline, op))).ToArray();
        long ops = 0;
        foreach (var lane in lanes) ops += await lane;
        var seconds = clock.Elapsed.TotalSeconds;
        process.Refresh();
        return new PhaseResult(ops, seconds, (process.TotalProcessorTime - cpuBefore).TotalSeconds, (process.UserProcessorTime - userBefore).TotalSeconds);
    }

    private static async Task<long> LaneAsync(int lane, long blocks, ulong seed, long deadline, LaneOp op)
    {
        var state = seed ^ (ulong)(lane + 1) * 0x9E3779B97F4A7C15UL;
        long ops = 0;
        while (Environment.TickCount64 < deadline)
        {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            if (!await op(lane, (long)(state % (ulong)blocks) * DirectBenchSettings.BlockBytes))
                throw new IOException($"benchmark lane {lane}: an op failed");
            ops++;
        }
        return ops;
    }
}
