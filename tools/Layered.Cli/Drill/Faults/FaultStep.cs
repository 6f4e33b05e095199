using System.Text.Json.Nodes;

namespace Layered.Cli.Drill.Faults;

/// <summary>
/// One planned fault: when (seconds into the drill), what, and on which slot (-1: none).
/// <paramref name="WhenWhole"/> makes the step wait, boundedly, until no slot is missing, so
/// it never takes the set past its redundancy.
/// </summary>
internal sealed record FaultStep(double At, FaultAction Action, int Slot, bool WhenWhole)
{
    public string Kind => Action switch
    {
        FaultAction.FailStop => "fail_stop",
        FaultAction.ReAdd => "re_add",
        FaultAction.FailDuringRebuild => "fail_during_rebuild",
        FaultAction.AddSpare => "add_spare",
        _ => Action.ToString().ToLowerInvariant(),
    };

    public JsonObject ToJson() => new()
    {
        ["at"] = Math.Round(At, 3),
        ["kind"] = Kind,
        ["slot"] = Slot,
    };

    public override string ToString() => $"{At,6:F2}s {Kind}{(Slot >= 0 ? $" slot {Slot}" : "")}";
}
