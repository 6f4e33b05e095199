using Layered.Raid.Assembly;
using Layered.Raid.Metadata;

namespace Layered.Cli.Drill.Faults;

/// <summary>The crash step: power loss of every device, and the reassembly that follows.</summary>
internal sealed partial class FaultRunner
{
    private static readonly TimeSpan s_pauseTimeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan s_powerTimeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan s_assembleTimeout = TimeSpan.FromSeconds(60);

    /// <summary>
    /// How long the load is quiet before the power goes: rebuilds go on writing and
    /// checkpointing with no flush from the load, so a checkpoint or a completion recorded
    /// before its data is durable shows up as stale reads after the crash.
    /// </summary>
    private TimeSpan QuietBeforeCrash => TimeSpan.FromTicks(Math.Min(2 * context.Rebuild.CheckpointInterval.Ticks, TimeSpan.TicksPerSecond));

    /// <summary>
    /// Power loss: the load pauses, the set is abandoned, every device loses power (simulated
    /// caches lose unflushed writes by seed), then the set is assembled again with force from
    /// every device the drill has, former members included, and the load resumes. A crash with
    /// a slot loses that slot's member too: it does not come back at the restart (so a dirty
    /// set starts degraded, where the write-hole journal must hold) until a later re-add.
    /// </summary>
    private async Task CrashAsync(FaultStep step)
    {
        if (!await context.Load.PauseAsync(s_pauseTimeout).ConfigureAwait(false))
        {
            Problem(step, $"the load did not pause within {s_pauseTimeout.TotalSeconds:0} s (an I/O hung); no crash");
            return;
        }
        try
        {
            await Task.Delay(QuietBeforeCrash).ConfigureAwait(false);
            var device = context.Set.Device;
            var rebuilding = device.Rebuilds;
            var lost = step.Slot >= 0 && CanLose(device, step.Slot) ? context.Pool.Find(device.Snapshot().Slots[step.Slot].Device!) : null;
            context.Set.Abandon();
            var power = await context.Pool.PowerCycleAsync(s_powerTimeout).ConfigureAwait(false);
            context.Model.Crash();
            var what = new List<string> { $"after {QuietBeforeCrash.TotalSeconds:0.##} s with the load paused" };
            if (rebuilding.Count > 0) what.Add($"during the rebuild of slot(s) {string.Join(", ", rebuilding.Select(r => r.Slot))}");
            if (lost is not null) what.Add("does not come back at the restart");
            else if (step.Slot >= 0) what.Add("no member lost: the set was not whole");
            what.Add(power);
            Log(step, lost is null ? -1 : step.Slot, lost?.Name ?? "", string.Join("; ", what));
            if (lost is not null) _removed[step.Slot] = lost;
            var candidates = context.Pool.All.Where(d => d != lost).Select(d => d.Member).ToList();
            RaidArray array;
            try
            {
                array = await RaidArray.AssembleAsync(candidates, new AssemblyOptions { Force = true }, context.Rebuild)
                    .WaitAsync(s_assembleTimeout).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                Broken = true;
                Problem(step, $"reassembly failed: {DrillRunner.Describe(e)}");
                context.Events.Drill("reassembly_failed", detail: e.Message);
                return;
            }
            context.Set.Attach(array);
            Crashes.Crashes++;
            Crashes.ReplayedJournalRecords += array.ReplayedJournalRecords;
            Crashes.ResyncedRows += array.ResyncedRowsAfterCrash;
            var plan = array.Plan!;
            Crashes.Refused.AddRange(plan.Refused.Select(r => $"crash {Crashes.Crashes}: {r.Device}: {r.Reason}"));
            var members = string.Join(" ", plan.MembersBySlot.Select((m, i) => $"{i}:{m?.Name ?? "-"}"));
            context.Events.Drill("reassembled", detail: $"slots {members}; {plan.Refused.Count} device(s) refused; "
                + $"{array.ReplayedJournalRecords} journal record(s) replayed, {array.ResyncedRowsAfterCrash} row(s) resynced");
        }
        finally
        {
            if (!Broken) context.Load.Resume();
        }
    }
}
