using System.CommandLine;
using Layered.Raid.Assembly;

namespace Layered.Cli.Commands.Raid;

/// <summary><c>raid fail|remove|add|replace</c>: membership changes, recorded in the superblocks.</summary>
internal static class RaidMemberCommands
{
    public static Command Fail() => SlotCommand("fail", "Mark a member faulty", (array, slot) =>
    {
        array.Device.Fail(slot, "failed by request");
        return Task.CompletedTask;
    });

    public static Command Remove() => SlotCommand("remove", "Take a faulty member out of its slot", (array, slot) => array.Device.RemoveAsync(slot));

    public static Command Add()
    {
        var devices = RaidCli.Devices();
        var json = RaidCli.Json();
        var force = RaidCli.Force();
        var device = new Option<string>("--device") { Description = "the device to add (a former member is re-added by bitmap)", Required = true };
        var size = new Option<string?>("--size") { Description = "create the device as a sparse image of this size if missing" };
        var noWait = new Option<bool>("--no-wait") { Description = "do not wait for the rebuild (it resumes at the next assembly)" };
        var command = new Command("add", "Add a spare, a new member (rebuilds at once) or a former member (resyncs what it missed)") { devices, device, size, force, noWait, json };
        command.SetAction((parse, cancellationToken) => RaidCli.RunAsync(parse, json, async context =>
        {
            await using var array = await context.AssembleAsync(parse.GetValue(devices)!, parse.GetValue(force));
            var added = context.Open(parse.GetValue(device)!, parse.GetValue(size) is { } s ? Layered.BlockStack.Composition.ByteSize.Parse(s) : null);
            var slot = await array.AddAsync(added);
            context.Reporter.Progress(slot < 0 ? $"{added.Name} added as a spare" : $"{added.Name} added in slot {slot}");
            if (!parse.GetValue(noWait)) await context.WaitForRebuildsAsync(array.Device, cancellationToken);
            context.Reporter.Report(RaidCli.Describe(array), RaidCli.PrintHuman);
            return 0;
        }));
        return command;
    }

    public static Command Replace()
    {
        var devices = RaidCli.Devices();
        var json = RaidCli.Json();
        var force = RaidCli.Force();
        var slot = RaidCli.Slot();
        var with = new Option<string>("--with") { Description = "the new device", Required = true };
        var size = new Option<string?>("--size") { Description = "create the new device as a sparse image of this size if missing" };
        var command = new Command("replace", "Copy a member onto a new device, keeping full redundancy, then retire the old one") { devices, slot, with, size, force, json };
        command.SetAction((parse, cancellationToken) => RaidCli.RunAsync(parse, json, async context =>
        {
            await using var array = await context.AssembleAsync(parse.GetValue(devices)!, parse.GetValue(force));
            var replacement = context.Open(parse.GetValue(with)!, parse.GetValue(size) is { } s ? Layered.BlockStack.Composition.ByteSize.Parse(s) : null);
            await array.Device.ReplaceAsync(parse.GetValue(slot), replacement);
            await context.WaitForRebuildsAsync(array.Device, cancellationToken);
            context.Reporter.Report(RaidCli.Describe(array), RaidCli.PrintHuman);
            return 0;
        }));
        return command;
    }

    private static Command SlotCommand(string name, string description, Func<RaidArray, int, Task> action)
    {
        var devices = RaidCli.Devices();
        var json = RaidCli.Json();
        var force = RaidCli.Force();
        var slot = RaidCli.Slot();
        var command = new Command(name, description) { devices, slot, force, json };
        command.SetAction(parse => RaidCli.RunAsync(parse, json, async context =>
        {
            await using var array = await context.AssembleAsync(parse.GetValue(devices)!, parse.GetValue(force));
            await action(array, parse.GetValue(slot));
            context.Reporter.Report(RaidCli.Describe(array), RaidCli.PrintHuman);
            return 0;
        }));
        return command;
    }
}
