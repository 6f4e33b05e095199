using Layered.Cli.Drill.Devices;
using Layered.Raid;
using Layered.Raid.Metadata;

namespace Layered.Cli.Drill.Faults;

/// <summary>
/// Carries out the fault plan step by step at its moments. A step never starts early; a step
/// that needs a whole set waits for one (boundedly), and a failure that would take the set
/// past its redundancy is skipped and logged instead. Every step is logged as a drill event.
/// </summary>
internal sealed partial class FaultRunner(FaultContext context)
{
    private static readonly TimeSpan s_poll = TimeSpan.FromMilliseconds(20);
    private static readonly TimeSpan s_noticeTimeout = TimeSpan.FromSeconds(5);

    private readonly Dictionary<int, DrillDevice> _removed = [];
    private double _lag;

    public CrashOutcome Crashes { get; } = new();

    /// <summary>Things that went wrong with the faults themselves (not the data): an unexpected refusal, a fail-stop not noticed.</summary>
    public List<string> Problems { get; } = [];

    /// <summary>Set when a crash left no set to continue with; the drill cannot go on.</summary>
    public bool Broken { get; private set; }

    public async Task RunAsync(IReadOnlyList<FaultStep> plan, CancellationToken cancellationToken)
    {
        foreach (var step in plan)
        {
            var wait = step.At + _lag - context.Clock.Seconds;
            if (wait > 0) await Task.Delay(TimeSpan.FromSeconds(wait), cancellationToken).ConfigureAwait(false);
            try
            {
                await RunStepAsync(step, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                Problem(step, DrillRunner.Describe(e));
            }
            if (Broken) return;
            // A step that ran late (waiting for a whole set, or a crash's reassembly) delays the rest,
            // so each keeps its planned distance from the one before: a crash stays inside the rebuild it aims at.
            _lag = Math.Max(_lag, context.Clock.Seconds - step.At);
        }
    }

    private async Task RunStepAsync(FaultStep step, CancellationToken cancellationToken)
    {
        if (step.WhenWhole && !await WaitWholeAsync(cancellationToken).ConfigureAwait(false) && !SafeWhileNotWhole(step))
        {
            Skip(step, $"the set was not whole within {context.WholeTimeout.TotalSeconds:0.#} s");
            return;
        }
        var device = context.Set.Device;
        switch (step.Action)
        {
            case FaultAction.Fail:
                if (!CanLose(device, step.Slot)) { Skip(step, "it would exceed the redundancy"); return; }
                device.Fail(step.Slot, "failed by the drill");
                Log(step, step.Slot, MemberName(device, step.Slot));
                break;
            case FaultAction.FailStop:
                await FailStopAsync(step, device, cancellationToken).ConfigureAwait(false);
                break;
            case FaultAction.FailDuringRebuild:
                var rebuilds = device.Rebuilds;
                if (!CanLose(device, step.Slot)) { Skip(step, "it would exceed the redundancy"); return; }
                device.Fail(step.Slot, "failed by the drill during a rebuild");
                Log(step, step.Slot, MemberName(device, step.Slot), rebuilds.Count == 0 ? "no rebuild was running"
                    : "while rebuilding " + string.Join(", ", rebuilds.Select(r => $"slot {r.Slot} at {100 * r.Fraction:0}%")));
                break;
            case FaultAction.Remove:
                var leaving = context.Pool.Find(device.Snapshot().Slots[step.Slot].Device!);
                await device.RemoveAsync(step.Slot).ConfigureAwait(false);
                if (leaving is not null) _removed[step.Slot] = leaving;
                Log(step, step.Slot, leaving?.Name ?? "");
                break;
            case FaultAction.Add or FaultAction.AddSpare:
                var fresh = context.Pool.CreateFresh();
                var slot = await context.Set.Array.AddAsync(fresh.Member).ConfigureAwait(false);
                Log(step, slot, fresh.Name, slot < 0 ? "as a spare" : "rebuild starts");
                break;
            case FaultAction.ReAdd:
                if (!_removed.Remove(step.Slot, out var former)) { Skip(step, $"no device was removed from slot {step.Slot}"); return; }
                if (!former.Member.IsOn) DevicePool.Replug(former);
                var into = await context.Set.Array.AddAsync(former.Member).ConfigureAwait(false);
                Log(step, into, former.Name, into == step.Slot ? "resyncs the rows the bitmap marks" : $"went to slot {into}, not back to {step.Slot}");
                break;
            case FaultAction.Replace:
                var replacement = context.Pool.CreateFresh();
                var old = MemberName(device, step.Slot);
                await device.ReplaceAsync(step.Slot, replacement.Member).ConfigureAwait(false);
                Log(step, step.Slot, replacement.Name, $"replacing {old}");
                break;
            case FaultAction.Crash:
                await CrashAsync(step).ConfigureAwait(false);
                break;
        }
    }

    /// <summary>The device stops answering; the set must fail it on its own at its next I/O there.</summary>
    private async Task FailStopAsync(FaultStep step, RaidDevice device, CancellationToken cancellationToken)
    {
        if (!CanLose(device, step.Slot)) { Skip(step, "it would exceed the redundancy"); return; }
        var victim = context.Pool.Find(device.Snapshot().Slots[step.Slot].Device!)
            ?? throw new InvalidOperationException($"slot {step.Slot} holds a device the drill does not know");
        _ = victim.Member.SwitchOffAsync();
        Log(step, step.Slot, victim.Name, "the device answers DeviceGone from now on");
        var deadline = context.Clock.Elapsed + s_noticeTimeout;
        while (context.Clock.Elapsed < deadline && device.Snapshot().Slots[step.Slot].State is MemberState.Active or MemberState.Rebuilding)
            await Task.Delay(s_poll, cancellationToken).ConfigureAwait(false);
        if (device.Snapshot().Slots[step.Slot].State is MemberState.Active or MemberState.Rebuilding)
        {
            Problem(step, $"the set did not notice within {s_noticeTimeout.TotalSeconds:0} s that {victim.Name} is gone; failing it by request");
            device.Fail(step.Slot, "fail-stop not noticed");
        }
    }

    /// <summary>Waits until every slot has an in-sync member and no rebuild runs; false on timeout.</summary>
    private async Task<bool> WaitWholeAsync(CancellationToken cancellationToken)
    {
        var deadline = context.Clock.Elapsed + context.WholeTimeout;
        while (true)
        {
            var device = context.Set.Device;
            if (device.MissingSlots == 0 && device.Rebuilds.Count == 0) return true;
            if (context.Clock.Elapsed >= deadline) return false;
            await Task.Delay(s_poll, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Without a whole set, only steps that lose no member may go ahead.</summary>
    private static bool SafeWhileNotWhole(FaultStep step) => step.Action is FaultAction.Crash or FaultAction.AddSpare;

    /// <summary>True when the set still serves every byte with this slot's member gone too.</summary>
    private static bool CanLose(RaidDevice device, int slot)
    {
        var states = device.Snapshot().Slots.Select(s => s.State).ToArray();
        if (states[slot] != MemberState.Active) return false;
        states[slot] = MemberState.Faulty;
        return RaidRules.IsStartable(device.Level, states);
    }

    private string MemberName(RaidDevice device, int slot) =>
        device.Snapshot().Slots[slot].Device is { } member ? context.Pool.Find(member)?.Name ?? member.Name : "";

    private void Log(FaultStep step, int slot, string device, string detail = "") => context.Events.Drill(step.Kind, slot, device, detail);

    private void Skip(FaultStep step, string why)
    {
        context.Events.Drill("skipped", step.Slot, "", $"{step.Kind}: {why}");
        Problem(step, $"skipped: {why}");
    }

    private void Problem(FaultStep step, string what)
    {
        lock (Problems) Problems.Add($"{context.Clock.Seconds:F2}s {step.Kind}{(step.Slot >= 0 ? $" slot {step.Slot}" : "")}: {what}");
    }
}
