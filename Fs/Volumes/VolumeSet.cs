using Layered.BlockStack;
using Layered.BlockStack.Buffers;
using Layered.Fs.Format;

namespace Layered.Fs.Volumes;

/// <summary>
/// The volumes of one filesystem, found among the devices mount is given, in any order. The
/// freshest superblock (highest transaction) names the volumes; each device is matched by the
/// volume uuid its own copy carries. A missing volume, a foreign device, or two devices claiming
/// one volume are refused with a message naming them.
/// </summary>
public sealed class VolumeSet
{
    private VolumeSet(FsSuperblock superblock, IBlockDevice[] volumes)
    {
        Superblock = superblock;
        Volumes = volumes;
    }

    /// <summary>The authoritative superblock.</summary>
    public FsSuperblock Superblock { get; }

    /// <summary>The devices, by volume index.</summary>
    public IReadOnlyList<IBlockDevice> Volumes { get; }

    public static async Task<VolumeSet> FindAsync(IReadOnlyList<IBlockDevice> devices, Guid? fsId = null)
    {
        if (devices.Count == 0) throw new VolumeSetException("no devices were given");
        var found = new List<(IBlockDevice Device, FsSuperblock Superblock)>();
        var refused = new List<string>();
        foreach (var device in devices)
        {
            var (superblock, error) = await ReadSuperblockAsync(device).ConfigureAwait(false);
            if (superblock is null) refused.Add($"{device.Name}: not a Layered filesystem volume ({error})");
            else found.Add((device, superblock));
        }
        var chosen = fsId ?? found.GroupBy(f => f.Superblock.FsId).OrderByDescending(g => g.Count()).ThenByDescending(g => g.Max(f => f.Superblock.Transaction)).FirstOrDefault()?.Key;
        if (chosen is null) throw new VolumeSetException("none of the devices holds a Layered filesystem", refused);
        foreach (var (device, superblock) in found.Where(f => f.Superblock.FsId != chosen))
            refused.Add($"{device.Name}: belongs to filesystem {superblock.FsId} ({superblock.Label}), not {chosen}");

        var ours = found.Where(f => f.Superblock.FsId == chosen).ToList();
        if (ours.Count == 0) throw new VolumeSetException($"no device holds filesystem {chosen}", refused);
        var authority = ours.MaxBy(f => f.Superblock.Transaction).Superblock;
        var volumes = new IBlockDevice?[authority.Volumes.Length];
        foreach (var (device, superblock) in ours.OrderByDescending(f => f.Superblock.Transaction))
        {
            var index = authority.Volumes.Select((v, i) => (v, i)).FirstOrDefault(p => p.v.Id == superblock.Volume.Id, (null!, -1)).Item2;
            if (index < 0) refused.Add($"{device.Name}: volume {superblock.Volume.Id} is not one of this filesystem's volumes");
            else if (volumes[index] is { } first) refused.Add($"{device.Name}: also claims volume {index}, which {first.Name} already holds");
            else if (device.SectorCount * device.SectorSize < authority.Volumes[index].Blocks * authority.BlockSize)
                refused.Add($"{device.Name}: is smaller than volume {index} ({authority.Volumes[index].Blocks} blocks of {authority.BlockSize})");
            else volumes[index] = device;
        }
        var missing = authority.Volumes.Select((v, i) => (v, i)).Where(p => volumes[p.i] is null).Select(p => $"volume {p.i} ({p.v.Id})").ToList();
        if (missing.Count > 0)
            throw new VolumeSetException($"filesystem {authority.Label} ({chosen}) is missing {string.Join(", ", missing)}", refused);
        return new VolumeSet(authority, volumes!) { Refused = refused };
    }

    /// <summary>The same filesystem seen through other devices standing for its volumes (overlays).</summary>
    public VolumeSet WithVolumes(IBlockDevice[] volumes) => new(Superblock, volumes) { Refused = Refused };

    /// <summary>Devices given but not used, and why.</summary>
    public IReadOnlyList<string> Refused { get; private init; } = [];

    /// <summary>Writes each volume's copy of <paramref name="superblock"/> and flushes it.</summary>
    public static async Task WriteSuperblocksAsync(IReadOnlyList<IBlockDevice> volumes, FsSuperblock superblock)
    {
        using var block = new AlignedMemory(FsSuperblock.Bytes);
        for (var i = 0; i < volumes.Count; i++)
        {
            superblock.ForVolume(i).Serialize(block.Span);
            var written = await volumes[i].WriteAsync(0, block.Memory).ConfigureAwait(false);
            if (written.IsOk) written = await volumes[i].FlushAsync().ConfigureAwait(false);
            if (!written.IsOk) throw new FsIoException($"writing the superblock of {volumes[i].Name} failed: {written}");
        }
    }

    public static async Task<(FsSuperblock? Superblock, string? Error)> ReadSuperblockAsync(IBlockDevice device)
    {
        if (device.SectorCount * device.SectorSize < FsSuperblock.Bytes) return (null, "the device is smaller than a superblock");
        using var block = new AlignedMemory(FsSuperblock.Bytes);
        var read = await device.ReadAsync(0, block.Memory).ConfigureAwait(false);
        if (!read.IsOk) return (null, $"reading the superblock failed: {read}");
        return FsSuperblock.TryParse(block.Span, out var superblock, out var error) ? (superblock, null) : (null, error);
    }
}
