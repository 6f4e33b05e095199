using System.CommandLine;
using System.Text.Json.Nodes;
using Layered.Fs.Callouts;

namespace Layered.Cli.Commands.Fs;

/// <summary>
/// <c>layered bmap</c>: where a file's bytes live, through the same callouts the direct I/O path
/// uses (get-bdevs and map), so what it prints is what a direct session would be given.
/// </summary>
internal static class BmapCommand
{
    /// <summary>More extents than this is not a file anyone reads as a listing; it also bounds a map that never ends.</summary>
    public const int MaxExtents = 1_000_000;

    public static Command Create()
    {
        var file = new Argument<string>("file") { Description = "DEVICES:/path of a file in an unmounted filesystem" };
        var json = FsCli.Json();
        var command = new Command("bmap", "Show the devices a file may use and its extents (file offset to device sectors)") { file, json };
        command.SetAction((parse, cancel) => FsCli.RunAsync(parse, json, cancel, async (context, ct) =>
        {
            var location = FsLocation.Parse(parse.GetValue(file)!);
            if (location.Devices is not { } devices) throw new FormatException($"'{location}' is a host path; write DEVICES:/path");
            var fs = await context.MountAsync(devices, readOnly: true, ct);
            var ino = await fs.ResolveAsync(location.Path, ct);
            var attributes = await fs.GetAttrAsync(ino, ct);
            var bdevs = await fs.GetBdevsAsync(ino, ct);
            var extents = new List<IomapExtent>();
            // A mapping may be shorter than asked for, so ask again from where it ended.
            for (long offset = 0; offset < attributes.Size;)
            {
                var batch = await fs.MapAsync(ino, offset, attributes.Size - offset, MapIntent.Read, ct);
                if (batch.Count == 0 || batch[^1].FileEnd <= offset)
                    throw new InvalidDataException($"{location}: map from offset {offset} returned no progress");
                extents.AddRange(batch);
                if (extents.Count > MaxExtents) throw new InvalidDataException($"{location}: more than {MaxExtents} extents");
                offset = batch[^1].FileEnd;
            }
            var report = new JsonObject
            {
                ["path"] = location.Path,
                ["ino"] = ino,
                ["size_bytes"] = attributes.Size,
                ["kind"] = attributes.Kind.ToString().ToLowerInvariant(),
                ["bdevs"] = new JsonArray([.. bdevs.Select(d => (JsonNode)JsonValue.Create(d.Name))]),
                ["extents"] = new JsonArray([.. extents.Select(e => (JsonNode)new JsonObject
                {
                    ["file_offset"] = e.FileOffset,
                    ["length"] = e.Length,
                    ["type"] = e.Type.ToString().ToLowerInvariant(),
                    ["volume"] = e.Type is IomapType.Mapped or IomapType.Unwritten ? e.Volume : null,
                    ["device"] = e.Device?.Name,
                    ["sector"] = e.Type is IomapType.Mapped or IomapType.Unwritten ? e.Sector : null,
                    ["sector_count"] = e.Type is IomapType.Mapped or IomapType.Unwritten ? e.SectorCount : null,
                })]),
            };
            context.Reporter.Report(report, PrintHuman);
            return 0;
        }));
        return command;
    }

    private static void PrintHuman(JsonObject report)
    {
        Console.WriteLine($"{report["path"]}: inode {report["ino"]}, {report["kind"]}, {report["size_bytes"]} bytes");
        Console.WriteLine($"  devices: {string.Join(", ", report["bdevs"]!.AsArray().Select(d => (string)d!))}");
        Console.WriteLine($"  {"file offset",14} {"length",12} {"type",-9} {"vol",3} {"sector",14} {"sectors",10}  device");
        foreach (var e in report["extents"]!.AsArray())
            Console.WriteLine($"  {(long)e!["file_offset"]!,14} {(long)e["length"]!,12} {(string)e["type"]!,-9} {e["volume"]?.ToString() ?? "-",3} {e["sector"]?.ToString() ?? "-",14} {e["sector_count"]?.ToString() ?? "-",10}  {e["device"]?.ToString() ?? "-"}");
    }
}
