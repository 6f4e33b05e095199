using System.Text.Json.Nodes;
using Layered.BlockStack.Composition;
using Layered.Cli.Lifetime;
using Layered.Fs;
using Layered.Fs.Mkfs;

namespace Layered.Cli.Bench.Fs;

/// <summary>
/// Our filesystem (in process, over a loop device or an image) and kernel XFS (over a loop
/// device of the same size, through .NET file APIs) run the same <see cref="FsWorkload"/>, one
/// after the other, and the report sets them side by side.
/// </summary>
internal sealed class FsBenchmark(FsBenchSettings settings, DeviceFactory factory, Action<string> progress)
{
    public const string Method =
        "ours: FileSystem called in process (no FUSE), on a fresh loop device (O_DIRECT, io_uring) or image; "
        + "xfs: mkfs.xfs defaults on a loop device of the same size (--direct-io=on), names through File.OpenHandle/File.Exists/File.GetLastWriteTimeUtc/File.Delete, "
        + "the data file opened O_DIRECT with RandomAccess reads and writes and FileStream.Flush(true) as fsync; "
        + "sequential write time includes the final fsync";

    public async Task<JsonObject> RunAsync(CancellationToken ct)
    {
        var workload = new FsWorkload(settings, progress);
        var ours = await RunOursAsync(workload, ct);
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
                ratios[metric.Key] = (double)xfs[metric.Key]! > 0 ? Math.Round((double)ours[metric.Key]! / (double)xfs[metric.Key]!, 3) : null;
        return new JsonObject
        {
            ["size_bytes"] = settings.SizeBytes,
            ["files"] = settings.Files,
            ["seconds_per_phase"] = settings.PhaseDuration.TotalSeconds,
            ["queue_depth"] = settings.QueueDepth,
            ["data_file_bytes"] = settings.DataFileBytes,
            ["seed"] = settings.Seed,
            ["method"] = Method,
            ["layered"] = ours,
            ["xfs"] = xfs,
            ["xfs_skipped"] = skipped,
            ["ratios"] = ratios,
        };
    }

    private async Task<JsonObject> RunOursAsync(FsWorkload workload, CancellationToken ct)
    {
        using var hold = PendingCleanup.Hold();
        await using var target = BenchTarget.Open(BenchTarget.DefaultSpec, settings.SizeBytes, factory, progress);
        progress($"layered: {target.Describe()}");
        await FsFormatter.FormatAsync([target.Device], new MkfsOptions { Label = "bench" }, ct: ct);
        await using var fs = await FileSystem.MountAsync([target.Device], ct: ct);
        var result = await workload.RunAsync("layered", await LayeredBenchFiles.CreateAsync(fs, ct), ct);
        result["device"] = target.Describe();
        return result;
    }
}
