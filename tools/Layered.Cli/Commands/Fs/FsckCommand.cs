using System.CommandLine;
using System.Text.Json.Nodes;
using Layered.Cli.Output;
using Layered.Fs.Check;

namespace Layered.Cli.Commands.Fs;

/// <summary>
/// <c>layered fsck</c>: checks (and with --repair, repairs) an unmounted filesystem. The exit code
/// follows fsck(8) in spirit: 0 clean, 1 problems remain, 2 the filesystem could not be checked.
/// </summary>
internal static class FsckCommand
{
    public const int CleanExitCode = 0;
    public const int ProblemsExitCode = 1;
    public const int ErrorExitCode = 2;

    public static Command Create()
    {
        var devices = FsCli.Devices();
        var json = FsCli.Json();
        var repair = new Option<bool>("--repair") { Description = "repair what can be repaired" };
        var command = new Command("fsck", "Check an unmounted filesystem; exit 0 when clean, 1 when problems remain, 2 when it cannot be checked") { devices, repair, json };
        command.SetAction((parse, cancel) => FsCli.RunAsync(parse, json, cancel, async (context, ct) =>
        {
            var volumes = context.Open(DeviceList.Parse(parse.GetValue(devices)!));
            var repairing = parse.GetValue(repair);
            var report = await FsChecker.CheckAsync(volumes, repairing, new LineProgress(Reporter.Status), ct);
            var exitCode = ExitCodeOf(report, repairing);
            context.Reporter.Report(Describe(report, repairing, exitCode), PrintHuman);
            return exitCode;
        }, ErrorExitCode));
        return command;
    }

    /// <summary>Clean, or repaired down to nothing left: everything found was fixed.</summary>
    public static int ExitCodeOf(FsckReport report, bool repaired) =>
        report.Clean || (repaired && report.Unrepaired.Count == 0 && report.Problems.All(p => p.Repairable))
            ? CleanExitCode
            : ProblemsExitCode;

    private static JsonObject Describe(FsckReport report, bool repairing, int exitCode) => new()
    {
        ["clean"] = report.Clean,
        ["repair"] = repairing,
        ["exit_code"] = exitCode,
        ["inodes"] = report.Inodes,
        ["directories"] = report.Directories,
        ["files"] = report.Files,
        ["used_blocks"] = report.UsedBlocks,
        ["free_blocks"] = report.FreeBlocks,
        ["problems"] = new JsonArray([.. report.Problems.Select(p => (JsonNode)new JsonObject
        {
            ["kind"] = p.Kind,
            ["message"] = p.Message,
            ["repairable"] = p.Repairable,
        })]),
        ["repaired"] = new JsonArray([.. report.Repaired.Select(r => (JsonNode)JsonValue.Create(r))]),
        ["unrepaired"] = new JsonArray([.. report.Unrepaired.Select(r => (JsonNode)JsonValue.Create(r))]),
    };

    private static void PrintHuman(JsonObject report)
    {
        var problems = report["problems"]!.AsArray();
        Console.WriteLine($"{report["inodes"]} inodes ({report["directories"]} directories, {report["files"]} files), {report["used_blocks"]} blocks used, {report["free_blocks"]} free");
        foreach (var problem in problems)
            Console.WriteLine($"  {problem!["kind"]}: {problem["message"]}{((bool)problem["repairable"]! ? "" : " (not repairable)")}");
        foreach (var line in report["repaired"]!.AsArray()) Console.WriteLine($"  repaired: {line}");
        foreach (var line in report["unrepaired"]!.AsArray()) Console.WriteLine($"  NOT repaired: {line}");
        Console.WriteLine((int)report["exit_code"]! == CleanExitCode
            ? (bool)report["clean"]! ? "clean" : "repaired; the filesystem is now consistent"
            : $"{problems.Count} problem(s) remain{((bool)report["repair"]! ? "" : "; run with --repair to fix the repairable ones")}");
    }
}
