using System.Text.Json;
using System.Text.Json.Nodes;

namespace Layered.Cli.Output;

/// <summary>
/// Where a command's words go. With --json, the report is one JSON object on stdout and
/// progress goes to stderr, so the output can be piped; otherwise everything is for people.
/// </summary>
internal sealed class Reporter(bool json)
{
    private static readonly JsonSerializerOptions s_indented = new() { WriteIndented = true };

    public bool Json => json;

    public void Progress(string line) => (json ? Console.Error : Console.Out).WriteLine(line);

    public void Report(JsonObject report, Action<JsonObject> printHuman)
    {
        if (json) Console.Out.WriteLine(report.ToJsonString(s_indented));
        else printHuman(report);
    }

    public static int Fail(string message)
    {
        Console.Error.WriteLine($"layered: {message}");
        return 1;
    }
}
