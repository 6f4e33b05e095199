using System.Text.Json.Nodes;
using Layered.BlockStack;
using Layered.BlockStack.Memory;
using Layered.Fs;
using Layered.Fs.DirectIo.Safety;
using Layered.Fs.Mkfs;
using Layered.Leases;

namespace Layered.Cli.Drill;

/// <summary>
/// <c>layered drill truncate-race</c>: the truncate-race safety workload of the test suite
/// (<see cref="TruncateRaceWorkload"/>) on a fresh filesystem over memory volumes, for as long
/// as asked. With leases off it is the negative control and must catch stale I/O.
/// </summary>
internal static class TruncateRaceDrill
{
    public const long VolumeBytes = 32L << 20;

    public static async Task<TruncateRaceReport> RunAsync(ulong seed, TimeSpan duration, bool leases, int volumes, TimeSpan breakTime, CancellationToken ct)
    {
        var devices = Enumerable.Range(0, volumes)
            .Select(i => (IBlockDevice)MemoryDevice.Create(VolumeBytes, 512, $"race-vol{i}")).ToArray();
        await FsFormatter.FormatAsync(devices, new MkfsOptions(), ct: ct);
        var mount = new FsMountOptions { CommitIntervalMs = 0, Leases = new LeaseOptions { Enabled = leases, BreakTime = breakTime } };
        var fs = await FileSystem.MountAsync(devices, mount, ct: ct);
        await using (fs)
        {
            var options = new TruncateRaceOptions
            {
                Seed = seed,
                Mutations = 0,
                Duration = duration,
                DeafSession = true,
                PlaceByXattr = volumes > 1,
            };
            return await new TruncateRaceWorkload(fs, options).RunAsync(ct);
        }
    }

    public static JsonObject ToJson(TruncateRaceReport report) => new()
    {
        ["seed"] = report.Seed,
        ["leases"] = report.LeasesEnabled,
        ["iterations"] = report.Iterations,
        ["direct_ops"] = report.DirectOps,
        ["direct_reads"] = report.DirectReads,
        ["direct_writes"] = report.DirectWrites,
        ["mutations"] = report.Mutations,
        ["scratch_files"] = report.ScratchFilesWritten,
        ["scratch_checks"] = report.ScratchChecks,
        ["breaks"] = report.Breaks,
        ["recalls"] = report.Recalls,
        ["fences"] = report.Fences,
        ["stale_completions"] = report.StaleCompletions,
        ["enospc"] = report.NoSpace,
        ["violations"] = report.Violations,
        ["violation_samples"] = new JsonArray([.. report.ViolationSamples.Select(s => JsonValue.Create(s))]),
        ["seconds"] = Math.Round(report.Elapsed.TotalSeconds, 2),
        ["negative_control_caught"] = !report.LeasesEnabled && report.Violations > 0,
        ["replay"] = $"layered drill truncate-race --seed {report.Seed}{(report.LeasesEnabled ? "" : " --no-leases")}",
    };

    public static void PrintHuman(TruncateRaceReport report, Action<string> line)
    {
        line(report.ToString());
        foreach (var sample in report.ViolationSamples) line($"  violation: {sample}");
    }
}
