using System.CommandLine;
using Layered.Cli.Drill;
using Layered.Cli.Output;

namespace Layered.Cli.Commands;

/// <summary>
/// <c>layered drill truncate-race</c>: direct sessions read and write while files are truncated,
/// punched and zeroed under them and their freed blocks are reused at once. Exits 0 when the
/// oracle found nothing, 2 on any violation. With <c>--no-leases</c> (the negative control)
/// violations are expected and still exit 2; finding none there is a broken suite (exit 1).
/// </summary>
internal static class DrillTruncateRaceCommand
{
    public static Command Create()
    {
        var seconds = new Option<double>("--seconds") { Description = "how long the race runs", DefaultValueFactory = _ => 10 };
        var seed = new Option<ulong?>("--seed") { Description = "seed of every task's choices; default: random (always printed)" };
        var noLeases = new Option<bool>("--no-leases") { Description = "negative control: turn layout leases off; the oracle must then catch stale I/O" };
        var volumes = new Option<int>("--volumes") { Description = "memory volumes of the filesystem; files are placed round-robin", DefaultValueFactory = _ => 1 };
        var breakMs = new Option<int>("--break-ms") { Description = "lease break time before a holder is fenced (the deaf session is fenced after it)", DefaultValueFactory = _ => 1000 };
        var json = new Option<bool>("--json") { Description = "print one JSON object" };
        var command = new Command("truncate-race", "Safety drill: direct I/O racing truncate, punch and zero-range, with freed blocks reused at once") { seconds, seed, noLeases, volumes, breakMs, json };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var reporter = new Reporter(parse.GetValue(json));
            if (parse.GetValue(seconds) is not (> 0 and <= 86400) || parse.GetValue(volumes) is < 1 or > 8 || parse.GetValue(breakMs) is < 10 or > 600_000)
                return Reporter.Fail("--seconds must be in (0, 86400], --volumes in 1..8, --break-ms in 10..600000");
            var chosen = parse.GetValue(seed) ?? (ulong)Random.Shared.NextInt64();
            var leases = !parse.GetValue(noLeases);
            reporter.Progress($"drill truncate-race: seed {chosen}, {parse.GetValue(seconds):0.#} s, leases {(leases ? "on" : "OFF (negative control)")}");
            var report = await TruncateRaceDrill.RunAsync(chosen, TimeSpan.FromSeconds(parse.GetValue(seconds)), leases, parse.GetValue(volumes),
                TimeSpan.FromMilliseconds(parse.GetValue(breakMs)), cancellationToken);
            reporter.Report(TruncateRaceDrill.ToJson(report), _ => TruncateRaceDrill.PrintHuman(report, Console.WriteLine));
            if (!leases)
            {
                if (report.Violations == 0)
                {
                    Console.Error.WriteLine($"layered: negative control FAILED: leases were off and the oracle caught nothing (seed {chosen})");
                    return 1;
                }
                Console.Error.WriteLine($"negative control: with leases off the oracle caught {report.Violations} violations, as expected");
                return 2;
            }
            if (report.Violations > 0)
            {
                Console.Error.WriteLine($"layered: truncate-race found {report.Violations} violations; replay with: layered drill truncate-race --seed {chosen}");
                return 2;
            }
            return 0;
        });
        return command;
    }
}
