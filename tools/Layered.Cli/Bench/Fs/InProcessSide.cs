using System.Text.Json.Nodes;
using Layered.BlockStack.Composition;
using Layered.Cli.Lifetime;
using Layered.Fs;
using Layered.Fs.Mkfs;

namespace Layered.Cli.Bench.Fs;

/// <summary>Our filesystem called in process (no FUSE), on a fresh loop device or an image.</summary>
internal sealed class InProcessSide(FsBenchSettings settings, DeviceFactory factory, Action<string> progress) : IOursSide
{
    public string Method =>
        "ours: FileSystem called in process (no FUSE), on a fresh loop device (O_DIRECT, io_uring) or image; "
        + "xfs: mkfs.xfs defaults on a loop device of the same size (--direct-io=on), names through File.OpenHandle/File.Exists/File.GetLastWriteTimeUtc/File.Delete, "
        + "the data file opened O_DIRECT with RandomAccess reads and writes and FileStream.Flush(true) as fsync; "
        + "sequential write time includes the final fsync";

    public async Task<JsonObject> RunAsync(FsWorkload workload, CancellationToken ct)
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
