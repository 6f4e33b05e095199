using System.CommandLine;
using System.Text.Json.Nodes;
using Layered.Raid;

namespace Layered.Cli.Commands.Raid;

internal static class RaidScrubCommand
{
    public static Command Create()
    {
        var devices = RaidCli.Devices();
        var json = RaidCli.Json();
        var force = RaidCli.Force();
        var repair = new Option<bool>("--repair") { Description = "rewrite mismatched copies or parity (check only counts them)" };
        var command = new Command("scrub", "Read every row, count mismatches, rewrite latent sector errors; --repair fixes mismatches") { devices, repair, force, json };
        command.SetAction((parse, cancellationToken) => RaidCli.RunAsync(parse, json, async context =>
        {
            await using var array = await context.AssembleAsync(parse.GetValue(devices)!, parse.GetValue(force));
            var mode = parse.GetValue(repair) ? ScrubMode.Repair : ScrubMode.Check;
            var progress = new Progress<ScrubReport>(r => context.Reporter.Progress($"  scrub: {r.RowsChecked}/{r.Rows} rows, {r.MismatchedRows} mismatched, {r.BytesPerSecond / 1e6:F0} MB/s"));
            var report = await array.Device.ScrubAsync(mode, progress, cancellationToken);
            var result = new JsonObject
            {
                ["mode"] = mode.ToString().ToLowerInvariant(),
                ["rows"] = report.Rows,
                ["rows_checked"] = report.RowsChecked,
                ["mismatched_rows"] = report.MismatchedRows,
                ["repaired_rows"] = report.RepairedRows,
                ["latent_errors_repaired"] = report.LatentErrorsRepaired,
                ["unreadable_rows"] = report.UnreadableRows,
                ["unverifiable_rows"] = report.UnverifiableRows,
                ["seconds"] = Math.Round(report.Elapsed.TotalSeconds, 3),
                ["bytes_per_second"] = Math.Round(report.BytesPerSecond),
            };
            context.Reporter.Report(result, r => Console.WriteLine(report.ToString()));
            return report.UnreadableRows > 0 || (mode == ScrubMode.Check && report.MismatchedRows > 0) ? 2 : 0;
        }));
        return command;
    }
}
