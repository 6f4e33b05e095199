using System.CommandLine;
using System.Text.Json.Nodes;
using Layered.Raid.Metadata;

namespace Layered.Cli.Commands.Raid;

/// <summary>Reads the members' superblocks and says what assembly would do, without starting the set.</summary>
internal static class RaidStatusCommand
{
    public static Command Create()
    {
        var devices = RaidCli.Devices();
        var json = RaidCli.Json();
        var command = new Command("status", "Show a set's state from its members' superblocks, without starting it") { devices, json };
        command.SetAction(parse => RaidCli.RunAsync(parse, json, async context =>
        {
            var members = context.OpenAll(parse.GetValue(devices)!);
            var plan = AssemblyPlanner.Plan(await AssemblyPlanner.ReadCandidatesAsync(members), new AssemblyOptions());
            var superblock = plan.Superblock;
            var status = new JsonObject
            {
                ["name"] = superblock?.Name,
                ["uuid"] = superblock?.ArrayId.ToString(),
                ["level"] = superblock?.Level.ToString().ToLowerInvariant(),
                ["chunk_bytes"] = superblock?.ChunkBytes,
                ["members"] = superblock?.MemberCount,
                ["events"] = superblock?.Events,
                ["clean"] = superblock?.Clean,
                ["degraded"] = plan.Degraded,
                ["can_start"] = plan.CanStart,
                ["error"] = plan.Error,
                ["slots"] = new JsonArray([.. plan.SlotStates.Select((state, slot) => (JsonNode)new JsonObject
                {
                    ["slot"] = slot,
                    ["device"] = plan.MembersBySlot[slot]?.Name,
                    ["state"] = state.ToString().ToLowerInvariant(),
                    ["rebuild_offset_bytes"] = superblock?.SlotRebuildOffsetBytes[slot],
                })]),
                ["spares"] = new JsonArray([.. plan.Spares.Select(s => (JsonNode)JsonValue.Create(s.Name))]),
                ["refused"] = new JsonArray([.. plan.Refused.Select(r => (JsonNode)new JsonObject { ["device"] = r.Device, ["reason"] = r.Reason })]),
            };
            context.Reporter.Report(status, _ => Console.WriteLine(plan.ToString()));
            return plan.CanStart ? 0 : 1;
        }));
        return command;
    }
}
