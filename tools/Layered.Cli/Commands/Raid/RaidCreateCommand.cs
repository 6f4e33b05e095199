using System.CommandLine;
using Layered.BlockStack.Composition;
using Layered.Raid.Assembly;

namespace Layered.Cli.Commands.Raid;

internal static class RaidCreateCommand
{
    public static Command Create()
    {
        var devices = RaidCli.Devices();
        var json = RaidCli.Json();
        var level = new Option<string>("--level") { Description = "linear, raid0, raid1, raid10, raid5 or raid6", Required = true };
        var chunk = new Option<string>("--chunk") { Description = "chunk size", DefaultValueFactory = _ => "64k" };
        var name = new Option<string>("--name") { Description = "the set's name", DefaultValueFactory = _ => "raid" };
        var size = new Option<string?>("--size") { Description = "create missing image files as sparse files of this size" };
        var journal = new Option<string?>("--journal") { Description = "write-hole journal per member (raid5/6; default 4M; 0 turns it off)" };
        var region = new Option<string?>("--bitmap-region") { Description = "write-intent bitmap region size (default 64M)" };
        var assumeClean = new Option<bool>("--assume-clean") { Description = "skip discarding members (only when they already read as zeros)" };
        var command = new Command("create", "Write superblocks onto new members and start a set") { devices, level, chunk, name, size, journal, region, assumeClean, json };
        command.SetAction(parse => RaidCli.RunAsync(parse, json, async context =>
        {
            var options = new RaidCreateOptions
            {
                ChunkBytes = checked((int)ByteSize.Parse(parse.GetValue(chunk)!)),
                Name = parse.GetValue(name)!,
                JournalBytes = parse.GetValue(journal) is { } j ? (j == "0" ? 0 : ByteSize.Parse(j)) : null,
                BitmapRegionBytes = parse.GetValue(region) is { } r ? ByteSize.Parse(r) : null,
                AssumeClean = parse.GetValue(assumeClean),
            };
            var createBytes = parse.GetValue(size) is { } s ? ByteSize.Parse(s) : (long?)null;
            var members = context.OpenAll(parse.GetValue(devices)!, createBytes);
            await using var array = await RaidArray.CreateAsync(RaidCli.ParseLevel(parse.GetValue(level)!), members, options);
            context.Reporter.Progress($"created {array.Device.Name} over {members.Count} members");
            context.Reporter.Report(RaidCli.Describe(array), RaidCli.PrintHuman);
            return 0;
        }));
        return command;
    }
}
