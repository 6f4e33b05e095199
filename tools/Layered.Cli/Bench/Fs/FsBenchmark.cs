using System.Text.Json.Nodes;

namespace Layered.Cli.Bench.Fs;

/// <summary>
/// Our filesystem (as <see cref="IOursSide"/> reaches it) and kernel XFS (over a loop device of
/// the same size, through .NET file APIs) run the same <see cref="FsWorkload"/>, one after the
/// other, and the report sets them side by side.
/// </summary>
internal sealed class FsBenchmark(FsBenchSettings settings, IOursSide ours, Action<string> progress)
{
    public async Task<JsonObject> RunAsync(CancellationToken ct)
    {
        var workload = new FsWorkload(settings, progress);
        var layered = await ours.RunAsync(workload, ct);
        JsonObject? xfs = null;
        var skipped = !settings.CompareXfs ? "--no-xfs" : XfsScratch.Unavailable();
        if (skipped is null)
        {
            using var scratch = XfsScratch.Create(settings.SizeBytes, progress);
            xfs = await workload.RunAsync("xfs", new HostBenchFiles(scratch.MountPoint), ct);
        }
        else
        {
            progress($"xfs: skipped ({skipped}); printing ours only");
        }
        var ratios = new JsonObject();
        if (xfs is not null)
            foreach (var metric in FsBenchMetric.All)
                ratios[metric.Key] = (double)xfs[metric.Key]! > 0 ? Math.Round((double)layered[metric.Key]! / (double)xfs[metric.Key]!, 3) : null;
        return new JsonObject
        {
            ["size_bytes"] = settings.SizeBytes,
            ["files"] = settings.Files,
            ["seconds_per_phase"] = settings.PhaseDuration.TotalSeconds,
            ["queue_depth"] = settings.QueueDepth,
            ["data_file_bytes"] = settings.DataFileBytes,
            ["seed"] = settings.Seed,
            ["method"] = ours.Method,
            ["layered"] = layered,
            ["xfs"] = xfs,
            ["xfs_skipped"] = skipped,
            ["ratios"] = ratios,
        };
    }
}
