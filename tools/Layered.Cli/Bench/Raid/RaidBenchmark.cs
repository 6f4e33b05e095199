using System.Diagnostics;
using System.Text.Json.Nodes;
using Layered.BlockStack;
using Layered.BlockStack.Buffers;
using Layered.BlockStack.Composition;
using Layered.Raid;
using Layered.Raid.Parity;

namespace Layered.Cli.Bench.Raid;

/// <summary>
/// RAID throughput against baselines measured side by side in the same run: striping against
/// one member, parity writes against the members written directly, parity arithmetic against
/// memcpy, rebuild against the survivors' read rate, and tagged against plain I/O through a
/// set. Each section builds its sets over memory members, fills them, measures, and frees
/// them before the next, so memory stays near twice the set size.
/// </summary>
internal sealed partial class RaidBenchmark(RaidBenchmarkSettings settings, BufferRegistry buffers, Action<string> progress)
{
    private const int QueueDepth = RaidBenchmarkSettings.QueueDepth;
    private const int ChunkBytes = RaidBenchmarkSettings.ChunkBytes;

    private readonly SideBySide _sides = new(settings.Duration, progress);
    private readonly List<Measurement> _measurements = [];

    public async Task<JsonObject> RunAsync()
    {
        var clock = Stopwatch.StartNew();
        progress($"bench raid: sets of {ByteSize.Format(settings.SetBytes)} over memory members, {ByteSize.Format(ChunkBytes)} chunks, QD {QueueDepth}, "
            + $"{settings.Duration.TotalSeconds:0.##} s per side, {Environment.ProcessorCount} cores, parity engine {RaidParity.BestEngine}");
        await Section(StripingAsync);
        await Section(PacedStripingAsync);
        await Section(() => ParityLevelAsync(RaidLevel.Raid5, 4));
        await Section(() => ParityLevelAsync(RaidLevel.Raid6, 6));
        await Section(PacedRebuildAsync);
        ParityArithmetic();
        progress($"done in {clock.Elapsed.TotalSeconds:F0} s");

        var measurements = new JsonObject();
        foreach (var measurement in _measurements) measurements[measurement.Key] = measurement.ToJson();
        return new JsonObject
        {
            ["set_bytes"] = settings.SetBytes,
            ["chunk_bytes"] = ChunkBytes,
            ["qd"] = QueueDepth,
            ["seconds_per_side"] = settings.Duration.TotalSeconds,
            ["seed"] = settings.Seed,
            ["cores"] = Environment.ProcessorCount,
            ["parity_engine"] = RaidParity.BestEngine.ToString(),
            ["elapsed_seconds"] = Math.Round(clock.Elapsed.TotalSeconds, 1),
            ["measurements"] = measurements,
        };
    }

    /// <summary>
    /// Runs one section, then collects its sets and gives their memory back to the system, so
    /// the sections' sets never add up.
    /// </summary>
    private static async Task Section(Func<Task> section)
    {
        await section();
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
    }

    private void Add(Measurement measurement)
    {
        _measurements.Add(measurement);
        var target = measurement.Met is { } met ? $", target {(measurement.TargetOnValue ? $"{measurement.Target} {measurement.Unit}" : $"{measurement.Target}x")} {(met ? "met" : "MISSED")}" : "";
        progress($"    {measurement.Key}: {Figure(measurement.Value)} against {Figure(measurement.Baseline)} {measurement.Unit}, {measurement.Ratio:F2}x{target}");
    }

    private static string Figure(double value) => value >= 100 ? value.ToString("N0") : value.ToString("N2");

    private LaneLoad Load(IReadOnlyList<IBlockDevice> targets, int blockBytes, AccessPattern pattern) =>
        new(targets, buffers, blockBytes, QueueDepth, pattern, settings.Seed);

    /// <summary>Writes every block of the targets once, so reads find data and writes overwrite rather than allocate.</summary>
    private async Task FillAsync(IReadOnlyList<IBlockDevice> targets, int blockBytes, string what)
    {
        await using var fill = Load(targets, blockBytes, AccessPattern.Sequential);
        var result = await fill.PassAsync(write: true);
        progress($"  filled {what}: {ByteSize.Format(result.Bytes)} in {result.Phase.Seconds:F1} s");
    }

    /// <summary>How both sides of a comparison ran (I/Os, cores busy, CPU and allocation per I/O), and over what set.</summary>
    private static JsonObject Sides(LoadResult baseline, LoadResult measured, RaidDevice raid) => new()
    {
        ["members"] = raid.Layout.Members,
        ["member_data_bytes"] = raid.Layout.Rows * raid.Layout.ChunkSectors * raid.SectorSize,
        ["baseline_ios"] = baseline.Phase.Ops,
        ["measured_ios"] = measured.Phase.Ops,
        ["baseline_cores_busy"] = Math.Round(baseline.CoresBusy, 2),
        ["measured_cores_busy"] = Math.Round(measured.CoresBusy, 2),
        ["baseline_cpu_us_per_io"] = Math.Round(baseline.Phase.CpuMicrosPerIo, 3),
        ["measured_cpu_us_per_io"] = Math.Round(measured.Phase.CpuMicrosPerIo, 3),
        ["baseline_allocated_bytes_per_io"] = Math.Round(baseline.AllocatedBytesPerIo),
        ["measured_allocated_bytes_per_io"] = Math.Round(measured.AllocatedBytesPerIo),
    };
}
