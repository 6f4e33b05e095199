using Layered.BlockStack;
using Layered.BlockStack.Buffers;
using Layered.BlockStack.Memory;
using Layered.BlockStack.Simulation;
using Layered.TestKit.Contracts;

namespace Layered.Raid.Tests;

/// <summary>Builds sets over memory or simulated members and checks their contents against a stamp.</summary>
internal static class RaidSets
{
    public const int ChunkBytes = 64 * 1024;
    public const int Ss = 512;

    public static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);

    public static int DataChunks(RaidLevel level, int members) => level switch
    {
        RaidLevel.Raid1 => 1,
        RaidLevel.Raid10 => members / 2,
        RaidLevel.Raid5 => members - 1,
        RaidLevel.Raid6 => members - 2,
        _ => members,
    };

    /// <summary>Members sized so the set holds about <paramref name="arrayBytes"/>.</summary>
    public static IBlockDevice[] MemoryMembers(RaidLevel level, int members, long arrayBytes, string prefix = "m") =>
        Enumerable.Range(0, members).Select(i => (IBlockDevice)MemoryDevice.Create(MemberBytes(level, members, arrayBytes), Ss, $"{prefix}{i}")).ToArray();

    public static SimulatedDevice[] SimulatedMembers(RaidLevel level, int members, long arrayBytes, ulong seed) =>
        Enumerable.Range(0, members).Select(i => SimulatedDevice.Create(MemberBytes(level, members, arrayBytes), seed + (ulong)i, name: $"sim{i}")).ToArray();

    public static long MemberBytes(RaidLevel level, int members, long arrayBytes) =>
        (arrayBytes / DataChunks(level, members) + ChunkBytes - 1) / ChunkBytes * ChunkBytes;

    public static RaidDevice Create(RaidLevel level, IReadOnlyList<IBlockDevice> members, RebuildOptions? rebuild = null) =>
        RaidDevice.Create(RaidConfig.Bare(level, members, ChunkBytes) with { Rebuild = rebuild ?? new RebuildOptions(), Name = $"{level}" });

    /// <summary>Writes a stamped pattern over the whole set in 256 KiB pieces.</summary>
    public static async Task FillAsync(IBlockDevice device, ulong stamp)
    {
        using var memory = new AlignedMemory(256 * 1024);
        var step = memory.Length / device.SectorSize;
        for (long sector = 0; sector < device.SectorCount; sector += step)
        {
            var count = (int)Math.Min(step, device.SectorCount - sector);
            Patterns.Fill(memory.Span[..(count * device.SectorSize)], sector, device.SectorSize, stamp);
            var result = await device.WriteAsync(sector, memory.Memory[..(count * device.SectorSize)]);
            Assert.True(result.IsOk, $"fill at {sector}: {result}");
        }
    }

    /// <summary>The first sector that does not hold the stamp's pattern (or fails to read), or -1.</summary>
    public static async Task<long> FirstWrongSectorAsync(IBlockDevice device, ulong stamp)
    {
        using var memory = new AlignedMemory(256 * 1024);
        var step = memory.Length / device.SectorSize;
        for (long sector = 0; sector < device.SectorCount; sector += step)
        {
            var count = (int)Math.Min(step, device.SectorCount - sector);
            memory.Span.Clear();
            var result = await device.ReadAsync(sector, memory.Memory[..(count * device.SectorSize)]);
            if (!result.IsOk) return sector;
            var wrong = Patterns.FirstMismatch(memory.Span[..(count * device.SectorSize)], sector, device.SectorSize, stamp);
            if (wrong >= 0) return wrong;
        }
        return -1;
    }
}
