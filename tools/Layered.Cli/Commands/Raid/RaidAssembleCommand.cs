using System.CommandLine;

namespace Layered.Cli.Commands.Raid;

internal static class RaidAssembleCommand
{
    public static Command Create()
    {
        var devices = RaidCli.Devices();
        var json = RaidCli.Json();
        var force = RaidCli.Force();
        var wait = new Option<bool>("--wait") { Description = "stay until pending rebuilds finish (else they resume at the next assembly)" };
        var command = new Command("assemble", "Assemble a set from its members in any order, replaying and resyncing after an unclean stop") { devices, force, wait, json };
        command.SetAction((parse, cancellationToken) => RaidCli.RunAsync(parse, json, async context =>
        {
            await using var array = await context.AssembleAsync(parse.GetValue(devices)!, parse.GetValue(force));
            if (parse.GetValue(wait)) await context.WaitForRebuildsAsync(array.Device, cancellationToken);
            var status = RaidCli.Describe(array);
            status["replayed_journal_records"] = array.ReplayedJournalRecords;
            status["resynced_rows"] = array.ResyncedRowsAfterCrash;
            context.Reporter.Report(status, RaidCli.PrintHuman);
            return 0;
        }));
        return command;
    }
}
