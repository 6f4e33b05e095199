using Layered.BlockStack;
using Layered.BlockStack.Memory;
using Layered.Raid;

namespace Layered.Cli.Bench.Raid;

/// <summary>
/// A RAID set over sparse memory members, sized so the set holds about the requested bytes.
/// Members hold only what was written, so a set must be filled before it is read.
/// </summary>
internal sealed class MemorySet : IAsyncDisposable
{
    private readonly List<IBlockDevice> _spares = [];

    private MemorySet(RaidDevice raid, IReadOnlyList<IBlockDevice> members, long memberBytes)
    {
        Raid = raid;
        Members = members;
        MemberBytes = memberBytes;
    }

    /// <summary>An idle rebuild runs unthrottled; every other option is the set's default.</summary>
    public static RebuildOptions RebuildOptions { get; } = new() { MaxBytesPerSecond = 0 };

    public RaidDevice Raid { get; }

    /// <summary>The devices the set was built over, by slot.</summary>
    public IReadOnlyList<IBlockDevice> Members { get; }

    public long MemberBytes { get; }

    public int ParityChunks => Raid.Layout.ParityChunks;

    public int RowBytes => checked((int)(Raid.Layout.RowDataSectors * Raid.SectorSize));

    private static long MemberBytesFor(RaidLevel level, int members, long setBytes)
    {
        var dataChunks = members - level switch { RaidLevel.Raid5 => 1, RaidLevel.Raid6 => 2, _ => 0 };
        var chunks = (setBytes + (long)dataChunks * RaidBenchmarkSettings.ChunkBytes - 1) / ((long)dataChunks * RaidBenchmarkSettings.ChunkBytes);
        return chunks * RaidBenchmarkSettings.ChunkBytes;
    }

    public static MemorySet Create(RaidLevel level, int members, long setBytes, Func<IBlockDevice, IBlockDevice>? wrap = null)
    {
        var memberBytes = MemberBytesFor(level, members, setBytes);
        var name = level.ToString().ToLowerInvariant();
        var devices = Enumerable.Range(0, members)
            .Select(i => (wrap ?? (d => d))(MemoryDevice.Create(memberBytes, 512, $"{name}-m{i}")))
            .ToList();
        var config = RaidConfig.Bare(level, devices, RaidBenchmarkSettings.ChunkBytes) with { Name = name, Rebuild = RebuildOptions };
        return new MemorySet(RaidDevice.Create(config), devices, memberBytes);
    }

    /// <summary>A fresh member-sized memory device, freed with the set.</summary>
    public IBlockDevice CreateSpare()
    {
        var spare = MemoryDevice.Create(MemberBytes, 512, $"{Raid.Name}-spare{_spares.Count}");
        _spares.Add(spare);
        return spare;
    }

    /// <summary>Frees the set, then every device that was ever in it.</summary>
    public async ValueTask DisposeAsync()
    {
        await Raid.DisposeAsync();
        foreach (var device in Members.Concat(_spares)) await device.DisposeAsync();
    }
}
