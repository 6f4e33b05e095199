using System.Text.Json.Nodes;

namespace Layered.Cli.Drill.Timeline;

/// <summary>The set's state at a fine-grained moment: slots missing, and each running rebuild's target slot and percent done.</summary>
internal sealed record TracePoint(double T, int MissingSlots, IReadOnlyList<(int Slot, double Percent)> Rebuilds)
{
    public JsonObject ToJson() => new()
    {
        ["t"] = Math.Round(T, 3),
        ["missing_slots"] = MissingSlots,
        ["rebuilds"] = new JsonArray([.. Rebuilds.Select(r => (JsonNode)new JsonObject { ["slot"] = r.Slot, ["percent"] = Math.Round(r.Percent, 1) })]),
    };
}
