using System.Diagnostics;

namespace Layered.Cli.Bench;

/// <summary>
/// The lane loop every bench shares: one lane per outstanding op, all started together and
/// run until a deadline (or until their work runs out). A phase is the ops the lanes did, the
/// wall time from the first start to the last finish, and the process's CPU time over it.
/// </summary>
internal static class Lanes
{
    /// <summary>
    /// Starts lanes 0 to <paramref name="queueDepth"/> - 1 with <paramref name="start"/> (each
    /// returns its op count), waits for every one, and returns what they did together.
    /// </summary>
    public static async Task<PhaseResult> RunAsync(int queueDepth, Func<int, Task<long>> start)
    {
        var process = Process.GetCurrentProcess();
        var (cpuBefore, userBefore) = (process.TotalProcessorTime, process.UserProcessorTime);
        var clock = Stopwatch.StartNew();
        var lanes = new Task<long>[queueDepth];
        for (var lane = 0; lane < queueDepth; lane++) lanes[lane] = start(lane);
        // Every lane finishes before a failure is thrown, so none still runs on what the caller then disposes.
        var ops = (await Task.WhenAll(lanes)).Sum();
        var seconds = clock.Elapsed.TotalSeconds;
        process.Refresh();
        var cpu = (process.TotalProcessorTime - cpuBefore).TotalSeconds;
        var user = (process.UserProcessorTime - userBefore).TotalSeconds;
        return new PhaseResult(ops, seconds, cpu, user);
    }

    /// <summary>The <see cref="Environment.TickCount64"/> at which lanes started now for <paramref name="duration"/> stop.</summary>
    public static long Deadline(TimeSpan duration) => Environment.TickCount64 + (long)duration.TotalMilliseconds;
}
