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

    /// <summary>Progress that must never mix with the report, whatever the mode (copies, checks).</summary>
    public static void Status(string line) => Console.Error.WriteLine(line);

    public static int Fail(string message)
    {
        Console.Error.WriteLine($"layered: {message}");
        return 1;
    }

    /// <summary>
    /// Fails with a message on stderr; with --json the error is also the one JSON object on
    /// stdout, so a script that parses stdout learns why instead of choking on nothing.
    /// </summary>
    public int Fail(string message, int exitCode, string? errno = null)
    {
        Console.Error.WriteLine($"layered: {message}");
        if (json) Console.Out.WriteLine(new JsonObject { ["error"] = message, ["errno"] = errno, ["exit_code"] = exitCode }.ToJsonString(s_indented));
        return exitCode;
    }
}
