using System.CommandLine;
using System.Text.Json.Nodes;
using Layered.BlockStack;
using Layered.BlockStack.Composition;
using Layered.Fs.Format;
using Layered.Fs.Mkfs;
using Layered.Fs.Volumes;
using Layered.Raid.Metadata;

namespace Layered.Cli.Commands.Fs;

/// <summary><c>layered mkfs</c>: a new filesystem over one or more devices.</summary>
internal static class MkfsCommand
{
    public static Command Create()
    {
        var devices = FsCli.Devices();
        var json = FsCli.Json();
        var blockSize = new Option<string>("--block-size") { Description = "filesystem block size: 4k, 8k, 16k or 64k", DefaultValueFactory = _ => "4096" };
        var journal = new Option<string?>("--journal-size") { Description = "journal size on volume 0 (default: 1% of the volume, 4M to 128M)" };
        var label = new Option<string>("--label") { Description = "the filesystem's label (up to 32 bytes)", DefaultValueFactory = _ => "layered" };
        var size = new Option<string?>("--size") { Description = "create missing image files as sparse files of this size" };
        var force = new Option<bool>("--force") { Description = "overwrite a device that holds a Layered filesystem or RAID member superblock" };
        var command = new Command("mkfs", "Make a filesystem over one or more devices (each becomes a volume)") { devices, blockSize, journal, label, size, force, json };
        command.SetAction((parse, cancel) => FsCli.RunAsync(parse, json, cancel, async (context, ct) =>
        {
            var options = new MkfsOptions
            {
                BlockSize = checked((int)ByteSize.Parse(parse.GetValue(blockSize)!)),
                JournalBytes = parse.GetValue(journal) is { } j ? ByteSize.Parse(j) : 0,
                Label = parse.GetValue(label)!,
            };
            if (options.BlockSize is not (4096 or 8192 or 16384 or 65536)) throw new FormatException($"--block-size {options.BlockSize} is not 4096, 8192, 16384 or 65536");
            if (System.Text.Encoding.UTF8.GetByteCount(options.Label) > 32) throw new FormatException($"--label '{options.Label}' is longer than 32 bytes");
            var createBytes = parse.GetValue(size) is { } s ? ByteSize.Parse(s) : (long?)null;
            var volumes = context.Open(DeviceList.Parse(parse.GetValue(devices)!), createBytes);
            if (!parse.GetValue(force))
                foreach (var device in volumes)
                    if (await DescribeExistingAsync(device) is { } existing)
                        throw new InvalidOperationException($"{device.Name} already holds {existing}; use --force to overwrite it");

            var progress = new Output.LineProgress(context.Reporter.Progress);
            var superblock = await FsFormatter.FormatAsync(volumes, options, progress, ct);
            context.Reporter.Report(Describe(superblock, volumes), PrintHuman);
            return 0;
        }));
        return command;
    }

    /// <summary>What a device already holds that mkfs would destroy, or null when it holds neither of ours.</summary>
    private static async Task<string?> DescribeExistingAsync(IBlockDevice device)
    {
        var (fs, _) = await VolumeSet.ReadSuperblockAsync(device);
        if (fs is not null) return $"Layered filesystem '{fs.Label}' ({fs.FsId}), volume {fs.VolumeIndex} of {fs.Volumes.Length}";
        var (member, _) = await MemberSuperblock.ReadAsync(device);
        if (member is not null) return $"a member of RAID set '{member.Name}' ({member.ArrayId}), slot {member.Role}";
        return null;
    }

    private static JsonObject Describe(FsSuperblock superblock, IReadOnlyList<IBlockDevice> devices) => new()
    {
        ["uuid"] = superblock.FsId.ToString(),
        ["label"] = superblock.Label,
        ["block_size"] = superblock.BlockSize,
        ["journal_bytes"] = superblock.JournalBlocks * superblock.BlockSize,
        ["journal_volume"] = superblock.JournalStart.Volume,
        ["volumes"] = new JsonArray([.. superblock.Volumes.Select((v, i) => (JsonNode)new JsonObject
        {
            ["index"] = i,
            ["uuid"] = v.Id.ToString(),
            // mkfs numbers the volumes in the order the devices were given.
            ["device"] = i < devices.Count ? devices[i].Name : null,
            ["blocks"] = v.Blocks,
            ["size_bytes"] = v.Blocks * superblock.BlockSize,
            ["holds_data"] = v.HoldsData,
        })]),
    };

    private static void PrintHuman(JsonObject report)
    {
        Console.WriteLine($"made filesystem '{report["label"]}' {report["uuid"]}");
        Console.WriteLine($"  block size {report["block_size"]}, journal {ByteSize.Format(Math.Max(1, (long)report["journal_bytes"]!))} on volume {report["journal_volume"]}");
        foreach (var volume in report["volumes"]!.AsArray())
            Console.WriteLine($"  volume {volume!["index"]}: {volume["device"],-40} {ByteSize.Format((long)volume["size_bytes"]!),8}  {volume["uuid"]}{((bool)volume["holds_data"]! ? "" : " (metadata only)")}");
    }
}
