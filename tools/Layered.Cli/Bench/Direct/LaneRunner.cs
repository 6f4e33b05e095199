namespace Layered.Cli.Bench.Direct;

/// <summary>
/// Random 4K ops at a fixed queue depth: one lane per outstanding op, each lane drawing block
/// numbers from its own <see cref="LaneRandom"/> stream and owning one block of the buffer.
/// </summary>
internal static class LaneRunner
{
    public delegate ValueTask<bool> LaneOp(int lane, long offsetBytes);

    public static Task<PhaseResult> RunAsync(int queueDepth, long blocks, ulong seed, TimeSpan duration, LaneOp op)
    {
        var deadline = Lanes.Deadline(duration);
        return Lanes.RunAsync(queueDepth, lane => Task.Run(() => LaneAsync(lane, blocks, seed, deadline, op)));
    }

    private static async Task<long> LaneAsync(int lane, long blocks, ulong seed, long deadline, LaneOp op)
    {
        var random = new LaneRandom(seed, lane);
        long ops = 0;
        while (Environment.TickCount64 < deadline)
        {
            if (!await op(lane, random.NextBlock(blocks) * DirectBenchSettings.BlockBytes))
                throw new IOException($"benchmark lane {lane}: an op failed");
            ops++;
        }
        return ops;
    }
}
