using System.CommandLine;
using System.Text.Json.Nodes;
using Layered.BlockStack;
using Layered.BlockStack.Composition;
using Layered.Cli.Output;
using Layered.Raid;
using Layered.Raid.Assembly;
using Layered.Raid.Metadata;

namespace Layered.Cli.Commands.Raid;

/// <summary>What every `layered raid` subcommand shares: options, opening members, and reporting a set.</summary>
internal static class RaidCli
{
    public static Argument<string[]> Devices() => new("devices") { Description = "member image files or block devices, in any order", Arity = ArgumentArity.OneOrMore };

    public static Option<bool> Json() => new("--json") { Description = "print one JSON object" };

    public static Option<bool> Force() => new("--force") { Description = "start a set that is both dirty and degraded" };

    public static Option<int> Slot() => new("--slot") { Description = "the member's slot (role)", Required = true };

    /// <summary>Runs a subcommand body with DI, opened members and uniform error handling.</summary>
    public static async Task<int> RunAsync(ParseResult parse, Option<bool> json, Func<Context, Task<int>> body)
    {
        var reporter = new Reporter(parse.GetValue(json));
        try
        {
            return await CommandScope.RunAsync(factory => new Context(factory, reporter), body);
        }
        catch (Exception e) when (PlainFailure.Is(e))
        {
            return Reporter.Fail(e.Message);
        }
    }

    /// <summary>The devices a command opened; closed when the command ends.</summary>
    internal sealed class Context(DeviceFactory factory, Reporter reporter) : IAsyncDisposable
    {
        private readonly List<IBlockDevice> _opened = [];

        public Reporter Reporter => reporter;

        public IBlockDevice Open(string path, long? createBytes = null)
        {
            SparseImage.CreateIfMissing(path, createBytes, reporter);
            var device = factory.OpenFile(path);
            _opened.Add(device);
            return device;
        }

        public IReadOnlyList<IBlockDevice> OpenAll(IEnumerable<string> paths, long? createBytes = null) => [.. paths.Select(p => Open(p, createBytes))];

        public async Task<RaidArray> AssembleAsync(IEnumerable<string> paths, bool force)
        {
            var array = await RaidArray.AssembleAsync(OpenAll(paths), new AssemblyOptions { Force = force });
            foreach (var (device, reason) in array.Plan!.Refused) reporter.Progress($"refused {device}: {reason}");
            if (array.ReplayedJournalRecords > 0) reporter.Progress($"replayed {array.ReplayedJournalRecords} journal record(s) after an unclean stop");
            if (array.Plan.Dirty) reporter.Progress($"resynced {array.ResyncedRowsAfterCrash} row(s) after an unclean stop");
            return array;
        }

        /// <summary>Waits for rebuilds, reporting progress every second.</summary>
        public async Task WaitForRebuildsAsync(RaidDevice device, CancellationToken cancellationToken)
        {
            while (!await device.WaitForRebuildsAsync(TimeSpan.FromSeconds(1)))
            {
                cancellationToken.ThrowIfCancellationRequested();
                foreach (var r in device.Rebuilds)
                    reporter.Progress($"  rebuild slot {r.Slot} {r.Device}: {r.Fraction:P1} ({r.RowsDone}/{r.Rows} rows, {r.BytesPerSecond / 1e6:F0} MB/s)");
            }
        }

        public async ValueTask DisposeAsync()
        {
            foreach (var device in _opened) await device.DisposeAsync();
        }
    }

    public static JsonObject Describe(RaidArray array)
    {
        var device = array.Device;
        var superblock = array.Store.Current;
        var snapshot = device.Snapshot();
        var rebuilds = device.Rebuilds.ToDictionary(r => r.Slot);
        return new JsonObject
        {
            ["name"] = superblock.Name,
            ["uuid"] = superblock.ArrayId.ToString(),
            ["level"] = superblock.Level.ToString().ToLowerInvariant(),
            ["chunk_bytes"] = (long)superblock.ChunkBytes,
            ["members"] = superblock.MemberCount,
            ["size_bytes"] = device.SectorCount * device.SectorSize,
            ["events"] = superblock.Events,
            ["degraded"] = device.MissingSlots > 0,
            ["missing_slots"] = device.MissingSlots,
            ["journal_bytes"] = superblock.JournalLengthBytes,
            ["bitmap_dirty_regions"] = array.Bitmap.DirtyCount,
            ["slots"] = new JsonArray([.. snapshot.Slots.Select(s => (JsonNode)new JsonObject
            {
                ["slot"] = s.Slot,
                ["device"] = s.Device?.Name,
                ["state"] = s.State.ToString().ToLowerInvariant(),
                ["rebuild_percent"] = rebuilds.TryGetValue(s.Slot, out var r) ? Math.Round(r.Fraction * 100, 1) : null,
                ["replacement"] = s.Replacement?.Name,
            })]),
            ["spares"] = new JsonArray([.. device.Spares.Select(s => (JsonNode)JsonValue.Create(s.Name))]),
            ["refused"] = new JsonArray([.. (array.Plan?.Refused ?? []).Select(r => (JsonNode)new JsonObject { ["device"] = r.Device, ["reason"] = r.Reason })]),
        };
    }

    public static void PrintHuman(JsonObject status)
    {
        Console.WriteLine($"{status["name"]} ({status["uuid"]}): {status["level"]}, {status["members"]} members, chunk {ByteSize.Format((long)status["chunk_bytes"]!)}, {ByteSize.Format((long)status["size_bytes"]!)}");
        Console.WriteLine($"  state: {((bool)status["degraded"]! ? $"degraded ({status["missing_slots"]} missing)" : "healthy")}, events {status["events"]}, journal {ByteSize.Format(Math.Max(1, (long)status["journal_bytes"]!))}, {status["bitmap_dirty_regions"]} dirty bitmap region(s)");
        foreach (var slot in status["slots"]!.AsArray())
            Console.WriteLine($"  slot {slot!["slot"]}: {slot["device"] ?? "(empty)",-32} {slot["state"]}{(slot["rebuild_percent"] is { } p ? $" {p}%" : "")}{(slot["replacement"] is { } r ? $" (being replaced by {r})" : "")}");
        foreach (var spare in status["spares"]!.AsArray()) Console.WriteLine($"  spare: {spare}");
        foreach (var refused in status["refused"]!.AsArray()) Console.WriteLine($"  refused {refused!["device"]}: {refused["reason"]}");
    }

    public static RaidLevel ParseLevel(string text) => text.ToLowerInvariant() switch
    {
        "linear" => RaidLevel.Linear,
        "raid0" or "0" => RaidLevel.Raid0,
        "raid1" or "1" => RaidLevel.Raid1,
        "raid10" or "10" => RaidLevel.Raid10,
        "raid5" or "5" => RaidLevel.Raid5,
        "raid6" or "6" => RaidLevel.Raid6,
        _ => throw new FormatException($"unknown level '{text}': use linear, raid0, raid1, raid10, raid5 or raid6"),
    };
}
