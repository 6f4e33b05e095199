using System.Globalization;
using System.Text.Json.Nodes;
using Layered.Cli.Commands.Raid;
using Layered.Fs;
using Layered.Raid.Assembly;

namespace Layered.Cli.Pool;

/// <summary>The one-screen status <c>layered up</c> prints once the pool is mounted: what, where, and how to stop it.</summary>
internal static class PoolStatus
{
    public static async Task<JsonObject> DescribeAsync(PoolLayout layout, RaidArray array, FileSystem fs, string mountPoint, bool created)
    {
        var statistics = await fs.StatFsAsync();
        var raid = RaidCli.Describe(array);
        return new JsonObject
        {
            ["created"] = created,
            ["pool"] = layout.Folder,
            ["raid"] = raid,
            ["fs"] = new JsonObject
            {
                ["uuid"] = fs.Superblock.FsId.ToString(),
                ["label"] = fs.Superblock.Label,
                ["block_size"] = statistics.BlockSize,
                ["size_bytes"] = statistics.TotalBlocks * statistics.BlockSize,
                ["free_bytes"] = statistics.FreeBlocks * statistics.BlockSize,
                ["available_bytes"] = statistics.AvailableBlocks * statistics.BlockSize,
                ["files"] = statistics.Files,
            },
            ["mount_point"] = mountPoint,
            ["pid"] = Environment.ProcessId,
            ["stop"] = StopHint(mountPoint),
        };
    }

    /// <summary>Sizes for reading at a glance (ByteSize.Format is exact, so a free-space figure would print in bytes).</summary>
    private static string Approximate(long bytes) => bytes switch
    {
        >= 1L << 30 => string.Create(CultureInfo.InvariantCulture, $"{bytes / (double)(1L << 30):F2} GiB"),
        >= 1L << 20 => string.Create(CultureInfo.InvariantCulture, $"{bytes / (double)(1L << 20):F1} MiB"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0:F0} KiB"),
    };

    public static string StopHint(string mountPoint) =>
        $"Ctrl-C here, `kill {Environment.ProcessId}`, or `./layered umount {mountPoint}`";

    public static void PrintHuman(JsonObject status)
    {
        var raid = status["raid"]!.AsObject();
        var fs = status["fs"]!.AsObject();
        var degraded = (bool)raid["degraded"]!;
        Console.WriteLine();
        Console.WriteLine($"Layered is up{((bool)status["created"]! ? " (new pool)" : "")}");
        Console.WriteLine($"  pool    {status["pool"]}");
        Console.WriteLine($"          {raid["level"]} set '{raid["name"]}' {raid["uuid"]}, {Approximate((long)raid["size_bytes"]!)} usable, "
            + (degraded ? $"DEGRADED ({raid["missing_slots"]} missing)" : "healthy"));
        foreach (var slot in raid["slots"]!.AsArray())
        {
            var device = (string?)slot!["device"];
            var rebuild = slot["rebuild_percent"] is { } p ? $" (rebuilding, {p}%)" : "";
            Console.WriteLine($"          slot {slot["slot"]}  {(device is null ? "(missing)" : Path.GetFileName(device)),-14} {slot["state"]}{rebuild}");
        }
        Console.WriteLine($"  fs      '{fs["label"]}' {fs["uuid"]}");
        Console.WriteLine($"          {Approximate((long)fs["size_bytes"]!)} total, {Approximate((long)fs["available_bytes"]!)} free, {fs["files"]} inode(s) in use");
        Console.WriteLine($"  mount   {status["mount_point"]}  (fuse.layered, served by pid {status["pid"]})");
        if (status["transport"] is { } transport) Console.WriteLine($"  fuse    {transport}");
        Console.WriteLine($"  stop    {status["stop"]}");
        Console.WriteLine("          a later `./layered up` reassembles this pool and mounts it again");
        Console.WriteLine();
        Console.Out.Flush();
    }
}
