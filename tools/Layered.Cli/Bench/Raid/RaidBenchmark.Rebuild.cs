using System.Diagnostics;
using System.Text.Json.Nodes;
using Layered.BlockStack;
using Layered.BlockStack.Composition;
using Layered.Raid;

namespace Layered.Cli.Bench.Raid;

/// <summary>
/// An idle rebuild against the survivors' read rate. Rebuilding one member reads as much from
/// every survivor as it writes to the new member, so with survivors read in parallel the best
/// a rebuild can do is one survivor's share of their aggregate read rate: that is the baseline.
/// </summary>
internal sealed partial class RaidBenchmark
{
    private const double RebuildTarget = 0.8;
    private const int MaxRebuildRounds = 8;
    private static readonly TimeSpan s_rebuildTimeout = TimeSpan.FromMinutes(10);

    /// <summary>
    /// Fails a slot, removes it, adds a filled spare and times the rebuild; repeats on the next
    /// slot (the removed member becomes the spare) until a side's time is used. The survivors'
    /// read rate is measured before and after.
    /// </summary>
    private async Task RebuildAsync(MemorySet set, bool paced = false)
    {
        var raid = set.Raid;
        var rebuiltBytes = raid.Layout.Rows * raid.Layout.ChunkSectors * raid.SectorSize;
        var slots = set.Members.ToArray();
        var spareInner = set.CreateSpare();
        IBlockDevice spare = paced ? new PacedDevice(spareInner, PacedBytesPerSecond) : spareInner;
        progress($"{raid.Name} idle rebuild of {ByteSize.Format(rebuiltBytes)} per member{(paced ? $", members paced at {PacedBytesPerSecond / 1e6:0} MB/s" : "")}, against the survivors' sequential read rate");
        await FillAsync([spareInner], ChunkBytes, "the spare");

        // The survivors of the first round; later rounds fail other slots, but every member is alike.
        await using var survivors = Load(slots[1..], ChunkBytes, AccessPattern.Sequential);
        await survivors.RunAsync(write: false, _sides.WarmUp);
        var read = await survivors.RunAsync(write: false, _sides.Duration / 2);

        var rounds = new JsonArray();
        var process = Process.GetCurrentProcess();
        var cpuBefore = process.TotalProcessorTime;
        double seconds = 0;
        IBlockDevice next = spare;
        while (rounds.Count == 0 || (seconds < _sides.Duration.TotalSeconds && rounds.Count < MaxRebuildRounds))
        {
            var slot = rounds.Count % slots.Length;
            var round = await RebuildOnceAsync(set, slot, next);
            seconds += round;
            rounds.Add(Math.Round(round, 3));
            (slots[slot], next) = (next, slots[slot]);
            progress($"  rebuild {rounds.Count}: slot {slot} onto {slots[slot].Name} in {round:F2} s, {rebuiltBytes / round / 1e6:N0} MB/s");
        }
        process.Refresh();
        var rebuildCores = (process.TotalProcessorTime - cpuBefore).TotalSeconds / seconds;

        read += await survivors.RunAsync(write: false, _sides.Duration / 2);
        var survivorCount = slots.Length - 1;
        var perSurvivor = read.MegabytesPerSecond / survivorCount;
        var rate = rounds.Count * rebuiltBytes / seconds / 1e6;
        progress($"  {raid.Name} rebuild: {rate:N0} MB/s ({rebuildCores:F1} cores) against {perSurvivor:N0} MB/s per survivor "
            + $"({read.MegabytesPerSecond:N0} MB/s over {survivorCount}, {read.CoresBusy:F1} cores)");
        Add(new Measurement($"{raid.Name}_rebuild_idle{(paced ? "_paced" : "")}", $"{raid.Name} idle rebuild onto a new member (unthrottled, no foreground I/O){(paced ? ", members paced" : "")}",
            "MB/s", rate, perSurvivor, $"one survivor's share of the {survivorCount} survivors' aggregate sequential read rate, read in parallel with 64 KiB I/Os at QD {QueueDepth}")
        {
            Target = RebuildTarget,
            Details = new JsonObject
            {
                ["rebuilt_bytes_per_round"] = rebuiltBytes,
                ["round_seconds"] = rounds,
                ["rebuild_cores_busy"] = Math.Round(rebuildCores, 2),
                ["rows_per_window"] = MemorySet.RebuildOptions.RowsPerWindow,
                ["survivors_aggregate_mb_per_s"] = Math.Round(read.MegabytesPerSecond),
                ["survivors_cores_busy"] = Math.Round(read.CoresBusy, 2),
            },
        });
    }

    /// <summary>
    /// The rebuild with members paced like disks: the survivors, not the CPU, are the limit, which
    /// is the case the rebuild target is about. Memory members measure the CPU cost instead.
    /// </summary>
    private async Task PacedRebuildAsync()
    {
        await using var set = MemorySet.Create(RaidLevel.Raid5, 4, Math.Min(settings.SetBytes, 256L << 20), d => new PacedDevice(d, PacedBytesPerSecond));
        await FillAsync([.. set.Members.Select(m => ((PacedDevice)m).Inner)], ChunkBytes, "the members underneath");
        await RebuildAsync(set, paced: true);
    }

    /// <summary>One rebuild of <paramref name="slot"/> onto <paramref name="device"/>; returns its seconds.</summary>
    private static async Task<double> RebuildOnceAsync(MemorySet set, int slot, IBlockDevice device)
    {
        var raid = set.Raid;
        raid.Fail(slot, "failed by bench raid to time a rebuild");
        await raid.RemoveAsync(slot);
        var clock = Stopwatch.StartNew();
        var placed = await raid.AddAsync(device);
        if (placed != slot) throw new InvalidOperationException($"{raid.Name}: {device.Name} went to slot {placed}, not the emptied slot {slot}");
        if (!await raid.WaitForRebuildsAsync(s_rebuildTimeout))
            throw new InvalidOperationException($"{raid.Name}: the rebuild onto {device.Name} did not finish within {s_rebuildTimeout.TotalMinutes:0} minutes");
        var seconds = clock.Elapsed.TotalSeconds;
        if (raid.MissingSlots != 0)
            throw new InvalidOperationException($"{raid.Name}: the rebuild onto {device.Name} stopped: {raid.Events.LastOrDefault()?.ToString() ?? "no event"}");
        return seconds;
    }
}
