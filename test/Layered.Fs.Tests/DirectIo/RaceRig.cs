using Layered.BlockStack;
using Layered.Fs.DirectIo.Safety;
using Layered.Fs.Tests.Posix;
using Layered.Leases;
using Layered.TestKit.Contracts;
using Xunit.Abstractions;

namespace Layered.Fs.Tests.DirectIo;

/// <summary>
/// A small filesystem for the truncate-race suite, and the run of the workload on it with its
/// seed printed first (LAYERED_SEED replays the choices) and its report printed after.
/// </summary>
internal static class RaceRig
{
    /// <summary>Small volumes, so the ballast leaves few free blocks and freed ones are reused at once.</summary>
    public const long VolumeBytes = 32L << 20;

    public static FsMountOptions Mount(bool leases = true, int breakTimeMs = 45_000) => new()
    {
        CommitIntervalMs = 0,
        Leases = new LeaseOptions { Enabled = leases, BreakTime = TimeSpan.FromMilliseconds(breakTimeMs) },
    };

    public static TruncateRaceOptions Options(string test, int mutations = 2000, double seconds = 8) => new()
    {
        Seed = (ulong)Seeds.Next(test),
        Mutations = mutations,
        Duration = TimeSpan.FromSeconds(seconds),
    };

    public static async Task<TruncateRaceReport> RunAsync(ITestOutputHelper output, FileSystem fs, TruncateRaceOptions options)
    {
        output.WriteLine($"LAYERED_SEED={options.Seed}");
        var report = await new TruncateRaceWorkload(fs, options).RunAsync();
        output.WriteLine(report.ToString());
        foreach (var sample in report.ViolationSamples) output.WriteLine($"  violation: {sample}");
        return report;
    }

    public static async Task<FileSystem> MountAsync(IBlockDevice[] devices, FsMountOptions mount)
    {
        await Layered.Fs.Mkfs.FsFormatter.FormatAsync(devices, new Layered.Fs.Mkfs.MkfsOptions());
        return await FileSystem.MountAsync(devices, mount);
    }

    public static IBlockDevice[] MemoryVolumes(int count) =>
        [.. Enumerable.Range(0, count).Select(i => (IBlockDevice)TestFs.Device($"vol{i}", VolumeBytes))];
}
