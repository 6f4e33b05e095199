using System.CommandLine;
using Layered.Cli.Drill;
using Layered.Cli.Output;

namespace Layered.Cli.Commands;

/// <summary>
/// <c>layered drill</c>: a RAID set under a verified load while members fail, leave, come back,
/// get replaced and the power goes out, with a per-second timeline and a final read-back.
/// </summary>
internal static class DrillCommand
{
    public static Command Create()
    {
        var level = new Option<string>("--level") { Description = "raid1, raid10, raid5 or raid6", DefaultValueFactory = _ => "raid5" };
        var members = new Option<int>("--members") { Description = "members of the set", DefaultValueFactory = _ => 4 };
        var device = new Option<string>("--device") { Description = "mem (simulated, crashes lose unflushed writes), file (sparse images in --out) or loop", DefaultValueFactory = _ => "mem" };
        var seconds = new Option<double>("--seconds") { Description = "length of the load and fault phase", DefaultValueFactory = _ => 30 };
        var seed = new Option<ulong?>("--seed") { Description = "seed of the fault schedule, the load and the simulated devices; default: random (always printed)" };
        var json = new Option<bool>("--json") { Description = "print one JSON object; the timeline goes to stderr" };
        var outDir = new Option<string>("--out") { Description = "folder for timeline.json, timeline.svg and file images", DefaultValueFactory = _ => Path.Combine(".layered", "drill") };
        var command = new Command("drill", "Fault drill: a RAID set under verified load through failures, hot-swaps and crashes")
        {
            level, members, device, seconds, seed, json, outDir,
            DrillTruncateRaceCommand.Create(),
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var reporter = new Reporter(parse.GetValue(json));
            if (DrillSettings.TryCreate(parse.GetValue(level)!, parse.GetValue(members), parse.GetValue(device)!, parse.GetValue(seconds),
                    parse.GetValue(seed), parse.GetValue(outDir)!, out var settings) is { } error)
                return Reporter.Fail(error);
            DrillOutcome outcome;
            try
            {
                outcome = await new DrillRunner(settings!, reporter.Progress).RunAsync(cancellationToken);
            }
            catch (Exception e) when (e is IOException or InvalidOperationException or ArgumentException or UnauthorizedAccessException or TimeoutException)
            {
                Console.Error.WriteLine($"layered: drill seed {settings!.Seed}: {e.Message}");
                Console.Error.WriteLine($"layered: replay with: {settings.ReplayCommand}");
                return 1;
            }
            reporter.Report(DrillReport.ToJson(outcome), _ => DrillReport.PrintHuman(outcome, Console.WriteLine));
            if (reporter.Json && !outcome.Passed) DrillReport.PrintHuman(outcome, Console.Error.WriteLine);
            return outcome.Interrupted ? 130 : outcome.Passed ? 0 : 2;
        });
        return command;
    }
}
