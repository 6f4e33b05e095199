using System.Text.Json;
using System.Text.Json.Nodes;

namespace Layered.Cli.Drill.Timeline;

/// <summary>Writes timeline.json and timeline.svg into the drill's output folder.</summary>
internal static class TimelineFiles
{
    private static readonly JsonSerializerOptions s_indented = new() { WriteIndented = true };

    public static void Write(DrillOutcome outcome)
    {
        var settings = outcome.Settings;
        var json = Path.GetFullPath(Path.Combine(settings.OutDir, "timeline.json"));
        var svg = Path.GetFullPath(Path.Combine(settings.OutDir, "timeline.svg"));
        var timeline = new JsonObject
        {
            ["seed"] = settings.Seed,
            ["level"] = settings.LevelName,
            ["members"] = settings.Members,
            ["device"] = settings.DeviceName,
            ["seconds"] = settings.Seconds,
            ["final_check_started"] = outcome.FinalStart is { } final ? Math.Round(final, 3) : null,
            ["schedule"] = new JsonArray([.. outcome.Schedule.Select(s => (JsonNode)s.ToJson())]),
            ["samples"] = new JsonArray([.. outcome.Samples.Select(s => (JsonNode)s.ToJson())]),
            ["trace"] = new JsonArray([.. outcome.Trace.Select(p => (JsonNode)p.ToJson())]),
            ["events"] = new JsonArray([.. outcome.Events.Select(e => (JsonNode)e.ToJson())]),
        };
        File.WriteAllText(json, timeline.ToJsonString(s_indented));
        var verdict = outcome.Interrupted ? "INTERRUPTED" : outcome.Passed ? "PASSED" : "FAILED";
        var title = $"layered drill: {settings.LevelName}, {settings.Members} {settings.DeviceName} members, {settings.Seconds:0.##} s, seed {settings.Seed}: {verdict}";
        var counters = outcome.Counters;
        var footer = $"{counters.Ops:N0} ops, {counters.BytesRead / 1e9:0.00} GB read, {counters.BytesWritten / 1e9:0.00} GB written, "
            + $"{counters.Errors} errors, {counters.WrongSectors} wrong sectors, {outcome.RebuildsCompleted} rebuilds, {outcome.Crashes.Crashes} crashes. "
            + $"Replay: {settings.ReplayCommand}";
        File.WriteAllText(svg, TimelineSvg.Render(title, footer, outcome.Samples, outcome.Trace, outcome.Events, outcome.FinalStart));
        outcome.TimelineJson = json;
        outcome.TimelineSvg = svg;
    }
}
