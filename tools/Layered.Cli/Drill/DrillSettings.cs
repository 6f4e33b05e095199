using System.Globalization;
using Layered.BlockStack.Files;
using Layered.Cli.Drill.Devices;
using Layered.Raid;
using Layered.Raid.Metadata;

namespace Layered.Cli.Drill;

/// <summary>What one drill runs: the set, its devices, how long, and the seed everything random comes from.</summary>
internal sealed record DrillSettings(RaidLevel Level, int Members, DeviceKind Device, double Seconds, ulong Seed, string OutDir)
{
    public const int MaxMembers = 16;
    public const double MaxSeconds = 24 * 3600;
    public const int ChunkBytes = 32 * 1024;
    public const int Lanes = 8;
    public const long BitmapRegionBytes = 1L << 20;

    /// <summary>How long a full rebuild should take: rebuilds are throttled so that they overlap the load and the next faults.</summary>
    public double RebuildSeconds => Math.Clamp(Seconds / 16, 0.4, 5);

    public string LevelName => RaidRules.Describe(Level);

    public string DeviceName => Device.ToString().ToLowerInvariant();

    /// <summary>The command that replays this drill: same set, same seed, same fault schedule.</summary>
    public string ReplayCommand =>
        $"./layered drill --level {LevelName} --members {Members} --device {DeviceName} --seconds {Seconds.ToString(CultureInfo.InvariantCulture)} --seed {Seed}";

    /// <summary>Checks the options as typed; returns why they are wrong, or null with the settings.</summary>
    public static string? TryCreate(string level, int members, string device, double seconds, ulong? seed, string outDir, out DrillSettings? settings)
    {
        settings = null;
        RaidLevel parsed;
        switch (level.Trim().ToLowerInvariant())
        {
            case "raid1": parsed = RaidLevel.Raid1; break;
            case "raid10": parsed = RaidLevel.Raid10; break;
            case "raid5": parsed = RaidLevel.Raid5; break;
            case "raid6": parsed = RaidLevel.Raid6; break;
            default: return $"unknown level '{level}'; use raid1, raid10, raid5 or raid6";
        }
        // A drill fails members, so every level needs a redundant member: raid1 at least two copies.
        var minimum = Math.Max(RaidRules.MinMembers(parsed), 2);
        if (members < minimum) return $"{RaidRules.Describe(parsed)} needs at least {minimum} members for a drill, not {members}";
        if (members > MaxMembers) return $"--members must be at most {MaxMembers}, not {members}";
        if (RaidRules.CheckMemberCount(parsed, members) is { } countError) return countError;
        DeviceKind kind;
        switch (device.Trim().ToLowerInvariant())
        {
            case "mem": kind = DeviceKind.Mem; break;
            case "file": kind = DeviceKind.File; break;
            case "loop": kind = DeviceKind.Loop; break;
            default: return $"unknown device '{device}'; use mem, file or loop";
        }
        if (kind == DeviceKind.Loop && LoopDevice.Unavailable() is { } why) return $"--device loop is not possible here: {why}";
        if (!(seconds > 0)) return $"--seconds must be positive, not {seconds.ToString(CultureInfo.InvariantCulture)}";
        if (seconds > MaxSeconds) return $"--seconds must be at most {MaxSeconds}";
        if (string.IsNullOrWhiteSpace(outDir)) return "--out must name a folder";
        settings = new DrillSettings(parsed, members, kind, seconds, seed ?? RandomSeed(), outDir);
        return null;
    }

    private static ulong RandomSeed() => (ulong)Random.Shared.NextInt64(1, long.MaxValue);
}
