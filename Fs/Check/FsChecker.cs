using Layered.BlockStack;
using Layered.Fs.Volumes;

namespace Layered.Fs.Check;

/// <summary>
/// fsck. A check replays the journal into memory only and reads everything, writing nothing. A
/// repair then mounts the filesystem (which replays the journal for real and frees orphans),
/// rescans it under the metadata lock and applies the safe fixes through ordinary transactions,
/// in passes, since one fix can expose the next (a removed extent leaves its blocks leaked).
/// Finally a fresh read-only check decides whether the filesystem is clean.
/// <para>
/// Inodes that nothing names are put on the orphan list, so the next mount frees them; they are
/// not reconnected to a lost+found directory. Cross-linked blocks, damaged tree nodes and
/// bitmap blocks, and directory cycles are reported but not repaired.
/// </para>
/// </summary>
public static class FsChecker
{
    private const int MaxRepairPasses = 4;

    /// <summary>
    /// Checks (and with <paramref name="repair"/>, repairs) the filesystem on <paramref name="devices"/>.
    /// Devices that are not one whole filesystem throw <see cref="VolumeSetException"/>; damage
    /// inside the filesystem is reported, never thrown.
    /// </summary>
    public static async Task<FsckReport> CheckAsync(IReadOnlyList<IBlockDevice> devices, bool repair, IProgress<string>? progress = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(devices);
        var first = await CheckReadOnlyAsync(devices, progress, ct).ConfigureAwait(false);
        if (!repair || !first.HasRepairs) return Report(first, first, [], []);

        var repaired = new List<string>();
        var failed = new List<string>();
        for (var pass = 1; pass <= MaxRepairPasses; pass++)
        {
            progress?.Report($"repair pass {pass}");
            if (await RepairPassAsync(devices, repaired, failed, progress, ct).ConfigureAwait(false) == 0) break;
        }
        var final = await CheckReadOnlyAsync(devices, progress, ct).ConfigureAwait(false);
        return Report(first, final, repaired, failed);
    }

    private static async Task<ScanResult> CheckReadOnlyAsync(IReadOnlyList<IBlockDevice> devices, IProgress<string>? progress, CancellationToken ct)
    {
        var set = await VolumeSet.FindAsync(devices).ConfigureAwait(false);
        var early = new List<Finding>();
        var source = await ReadOnlyView.OpenAsync(set, early, progress, ct).ConfigureAwait(false);
        if (source is null) return new ScanResult(early, 0, 0, 0, 0, 0);
        return await FsScan.RunAsync(source, early, progress, ct).ConfigureAwait(false);
    }

    /// <summary>One mount, scan and round of fixes; returns how many fixes were applied (0 ends the passes).</summary>
    private static async Task<int> RepairPassAsync(IReadOnlyList<IBlockDevice> devices, List<string> repaired, List<string> failed,
        IProgress<string>? progress, CancellationToken ct)
    {
        FileSystem fs;
        try
        {
            fs = await FileSystem.MountAsync(devices, new FsMountOptions { CommitIntervalMs = 0 }, logger: null, ct).ConfigureAwait(false);
        }
        catch (FsException e)
        {
            failed.Add($"the filesystem cannot be mounted to repair it: {e.Message}");
            return 0;
        }
        try
        {
            var scan = await fs.InspectAsync(async () => await FsScan.RunAsync(CheckSource.Of(fs), [], progress, ct).ConfigureAwait(false), ct).ConfigureAwait(false);
            var applied = await FsRepairer.ApplyAsync(fs, scan.Findings, repaired, failed, progress, ct).ConfigureAwait(false);
            if (applied > 0) await fs.SyncAsync(ct).ConfigureAwait(false);
            return applied;
        }
        finally
        {
            await fs.DisposeAsync().ConfigureAwait(false);
        }
    }

    private static FsckReport Report(ScanResult first, ScanResult final, List<string> repaired, List<string> failed) =>
        new(final.Findings.Count == 0, first.Problems, final.Inodes, final.Directories, final.Files, final.UsedBlocks, final.FreeBlocks,
            repaired, [.. final.Problems.Select(p => p.ToString()), .. failed.Distinct()]);
}
