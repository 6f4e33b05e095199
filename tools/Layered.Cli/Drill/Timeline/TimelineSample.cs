using System.Text.Json.Nodes;

namespace Layered.Cli.Drill.Timeline;

/// <summary>One second of the drill: throughput, operations, errors, the set's state, and what happened.</summary>
internal sealed record TimelineSample(
    double T,
    string Phase,
    double ReadMBps,
    double WriteMBps,
    long Ops,
    long Errors,
    long WrongSectors,
    int MissingSlots,
    IReadOnlyList<RebuildSample> Rebuilds,
    IReadOnlyList<DrillEvent> Events)
{
    public JsonObject ToJson() => new()
    {
        ["t"] = Math.Round(T, 3),
        ["phase"] = Phase,
        ["read_mb_per_second"] = Math.Round(ReadMBps, 2),
        ["write_mb_per_second"] = Math.Round(WriteMBps, 2),
        ["ops"] = Ops,
        ["errors"] = Errors,
        ["wrong_sectors"] = WrongSectors,
        ["missing_slots"] = MissingSlots,
        ["rebuilds"] = new JsonArray([.. Rebuilds.Select(r => (JsonNode)r.ToJson())]),
        ["events"] = new JsonArray([.. Events.Select(e => (JsonNode)e.ToJson())]),
    };

    /// <summary>The line printed for this second.</summary>
    public string Line()
    {
        var line = $"{T,6:F1}s {Phase,-5} read {ReadMBps,7:F1} MB/s  write {WriteMBps,7:F1} MB/s  ops {Ops,6}  err {Errors}  wrong {WrongSectors}  missing {MissingSlots}";
        if (Rebuilds.Count > 0) line += "  " + string.Join(", ", Rebuilds);
        if (Events.Count > 0) line += "  | " + string.Join(", ", Events.Select(e => e.Short));
        return line;
    }
}
