using System.Text.Json.Nodes;

namespace Layered.Cli.Drill;

/// <summary>The drill's summary: one JSON object, or lines for people.</summary>
internal static class DrillReport
{
    public static JsonObject ToJson(DrillOutcome outcome)
    {
        var settings = outcome.Settings;
        var counters = outcome.Counters;
        return new JsonObject
        {
            ["seed"] = settings.Seed,
            ["level"] = settings.LevelName,
            ["members"] = settings.Members,
            ["device"] = settings.DeviceName,
            ["seconds"] = settings.Seconds,
            ["elapsed_seconds"] = Math.Round(outcome.ElapsedSeconds, 2),
            ["passed"] = outcome.Passed,
            ["interrupted"] = outcome.Interrupted,
            ["ops"] = counters.Ops,
            ["reads"] = counters.Reads,
            ["writes"] = counters.Writes,
            ["flushes"] = counters.Flushes,
            ["bytes_read"] = counters.BytesRead,
            ["bytes_written"] = counters.BytesWritten,
            ["errors_surfaced"] = counters.Errors,
            ["wrong_data"] = counters.WrongSectors,
            ["rebuilds_completed"] = outcome.RebuildsCompleted,
            ["crashes"] = outcome.Crashes.Crashes,
            ["replayed_journal_records"] = outcome.Crashes.ReplayedJournalRecords,
            ["resynced_rows"] = outcome.Crashes.ResyncedRows,
            ["final_check"] = new JsonObject
            {
                ["done"] = outcome.FinalCheckDone,
                ["sectors"] = outcome.FinalCheckSectors,
                ["sectors_after_clean_restart"] = outcome.RestartCheckSectors,
            },
            ["schedule"] = new JsonArray([.. outcome.Schedule.Select(s => (JsonNode)s.ToJson())]),
            ["events"] = new JsonArray([.. outcome.Events.Select(e => (JsonNode)e.ToJson())]),
            ["findings"] = new JsonArray([.. outcome.Findings.Select(f => (JsonNode)f.ToJson())]),
            ["failures"] = Strings(outcome.Failures),
            ["problems"] = Strings(outcome.Problems),
            ["refused_at_reassembly"] = Strings(outcome.Crashes.Refused),
            ["timeline_json"] = outcome.TimelineJson,
            ["timeline_svg"] = outcome.TimelineSvg,
            ["replay"] = settings.ReplayCommand,
        };
    }

    public static void PrintHuman(DrillOutcome outcome, Action<string> print)
    {
        var settings = outcome.Settings;
        var counters = outcome.Counters;
        print("");
        print("events:");
        foreach (var e in outcome.Events.Where(e => e.Kind != "member_tagged")) print($"  {e}");
        foreach (var f in outcome.Findings) print($"  FINDING {f}");
        print("");
        print($"drill {settings.LevelName} x{settings.Members} on {settings.DeviceName}, {outcome.ElapsedSeconds:0.0} s, seed {settings.Seed}: "
            + (outcome.Interrupted ? "INTERRUPTED" : outcome.Passed ? "PASSED" : "FAILED"));
        print($"  {counters.Ops:N0} ops ({counters.Reads:N0} reads, {counters.Writes:N0} writes, {counters.Flushes:N0} flushes), "
            + $"{counters.BytesRead / 1e6:N0} MB read, {counters.BytesWritten / 1e6:N0} MB written");
        print($"  errors surfaced {counters.Errors}, wrong sectors {counters.WrongSectors}, rebuilds completed {outcome.RebuildsCompleted}, "
            + $"crashes {outcome.Crashes.Crashes} ({outcome.Crashes.ReplayedJournalRecords} journal records replayed, {outcome.Crashes.ResyncedRows} rows resynced)");
        print($"  final check: {(outcome.FinalCheckDone ? $"{outcome.FinalCheckSectors:N0} sectors, then {outcome.RestartCheckSectors:N0} after a clean stop and restart" : "not done")}");
        foreach (var failure in outcome.Failures) print($"  FAILURE: {failure}");
        foreach (var problem in outcome.Problems) print($"  problem: {problem}");
        print($"  timeline: {outcome.TimelineJson}, {outcome.TimelineSvg}");
        print($"  replay: {settings.ReplayCommand}");
    }

    private static JsonArray Strings(IEnumerable<string> items) => new([.. items.Select(s => (JsonNode)JsonValue.Create(s))]);
}
