using System.Diagnostics;
using System.Text.Json.Nodes;
using Layered.Fs;
using Layered.Fs.DirectIo;
using Layered.Fs.Posix;

namespace Layered.Cli.Bench.Direct;

/// <summary>
/// The cost of a lease break: a cooperative session keeps reading the file while the file is
/// truncated by one block and extended back, cycle after cycle. Each truncate recalls the
/// session; its recall-to-release latency (drain, drop the cache, release) is what a breaker pays.
/// </summary>
internal static class BreakCost
{
    public static async Task<JsonObject> MeasureAsync(FileSystem fs, DirectSession session, int file, int buffer, ulong ino, long fileBytes, int cycles, Action<string> progress)
    {
        const int block = DirectBenchSettings.BlockBytes;
        var before = session.Counters.Recalls;
        var truncates = new List<double>(cycles);
        for (var cycle = 0; cycle < cycles; cycle++)
        {
            // Each cycle first re-acquires the lease through an op, so every truncate has a holder to recall.
            var done = await session.ExecuteAsync(new DirectOp(DirectOpKind.Read, file, (long)(cycle % 64) * block, block, buffer, 0, 0));
            if (!done.IsOk) throw new IOException($"read between break cycles failed: {done.Errno}");
            var clock = Stopwatch.StartNew();
            await fs.SetAttrAsync(ino, new SetAttributes { Size = fileBytes - block });
            truncates.Add(clock.Elapsed.TotalMicroseconds);
            await fs.SetAttrAsync(ino, new SetAttributes { Size = fileBytes });
        }
        var recalls = session.Counters.Recalls - before;
        var latencies = session.Counters.RecallLatencies.TakeLast((int)Math.Min(recalls, DirectSessionCounters.KeptRecallLatencies))
            .Select(t => t.TotalMicroseconds).Order().ToList();
        truncates.Sort();
        var result = new JsonObject
        {
            ["cycles"] = cycles,
            ["recalls"] = recalls,
            ["recall_to_release_p50_us"] = Percentiles.Of(latencies, 0.50),
            ["recall_to_release_p99_us"] = Percentiles.Of(latencies, 0.99),
            ["truncate_p50_us"] = Percentiles.Of(truncates, 0.50),
            ["truncate_p99_us"] = Percentiles.Of(truncates, 0.99),
        };
        progress($"  lease breaks: {recalls} recalls; recall to release p50 {result["recall_to_release_p50_us"]} us, p99 {result["recall_to_release_p99_us"]} us; truncate p50 {result["truncate_p50_us"]} us, p99 {result["truncate_p99_us"]} us");
        return result;
    }
}
