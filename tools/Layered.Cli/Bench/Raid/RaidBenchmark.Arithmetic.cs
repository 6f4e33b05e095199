using System.Text.Json.Nodes;
using Layered.BlockStack.Composition;
using Layered.Raid.Parity;

namespace Layered.Cli.Bench.Raid;

/// <summary>Parity arithmetic on one core against memcpy of the same data, for the best engine and the scalar reference.</summary>
internal sealed partial class RaidBenchmark
{
    private const double XorTargetGBps = 10;

    private void ParityArithmetic()
    {
        // Each run times XOR, P+Q and memcpy in turn; six kernel timings share one side's time.
        var each = TimeSpan.FromTicks(Math.Clamp(settings.Duration.Ticks / 6, TimeSpan.FromMilliseconds(10).Ticks, ParityBenchmark.MaxDuration.Ticks));
        var best = RaidParity.BestEngine;
        progress($"parity arithmetic on one core, {each.TotalSeconds:0.###} s per kernel, against memcpy of the same data");
        foreach (var (label, engine, dataChunks, chunkBytes, shape) in new[]
        {
            ("best", best, 4, 64 * 1024, "in_cache"),
            ("scalar", ParityEngine.Scalar, 4, 64 * 1024, "in_cache"),
            ("best", best, 8, 4 << 20, "in_memory"),
        })
        {
            var result = ParityBenchmark.Run(engine, dataChunks, chunkBytes, each);
            var stripe = $"{dataChunks} x {ByteSize.Format(chunkBytes)}";
            var inCache = shape == "in_cache";
            progress($"  {engine,-6} {stripe,-8} XOR {result.XorGBps,6:F1} GB/s   P+Q {result.PQGBps,6:F1} GB/s   memcpy {result.MemcpyGBps,6:F1} GB/s");
            Add(new Measurement($"parity_xor_{label}_{shape}", $"parity P (XOR), {engine} engine, {stripe} stripe, one core",
                "GB/s", result.XorGBps, result.MemcpyGBps, "memcpy of the same data on one core")
            {
                Target = inCache && label == "best" ? XorTargetGBps : null,
                TargetOnValue = true,
                Details = Shape(engine, dataChunks, chunkBytes),
            });
            Add(new Measurement($"parity_pq_{label}_{shape}", $"parity P+Q, {engine} engine, {stripe} stripe, one core",
                "GB/s", result.PQGBps, result.MemcpyGBps, "memcpy of the same data on one core")
            {
                Details = Shape(engine, dataChunks, chunkBytes),
            });
        }
    }

    private static JsonObject Shape(ParityEngine engine, int dataChunks, int chunkBytes) => new()
    {
        ["engine"] = engine.ToString(),
        ["data_chunks"] = dataChunks,
        ["chunk_bytes"] = chunkBytes,
    };
}
