using Layered.BlockStack;
using Layered.Fs.Format;

namespace Layered.Fs.Journal;

/// <summary>
/// Where the metadata journal lives: <see cref="Blocks"/> consecutive filesystem blocks from
/// <see cref="Start"/> on one volume. The first two are the header copies, the rest the log
/// (docs/format-journal.md).
/// </summary>
public sealed record JournalGeometry(BlockAddress Start, long Blocks, int BlockSize, Guid FsId)
{
    /// <summary>Where a filesystem's superblock says its journal is.</summary>
    public static JournalGeometry Of(FsSuperblock superblock) =>
        new(superblock.JournalStart, superblock.JournalBlocks, superblock.BlockSize, superblock.FsId);

    /// <summary>Two header copies, then room for the smallest transaction: a descriptor, one image and a commit.</summary>
    public const long MinBlocks = HeaderCopies + 3;

    /// <summary>The header is written to its two copies in turn, so a torn header write leaves the other intact.</summary>
    public const int HeaderCopies = 2;

    /// <summary>Blocks of the circular log after the header copies.</summary>
    public long LogBlocks => Blocks - HeaderCopies;

    /// <summary>The filesystem address of log position <paramref name="position"/> (0 ≤ position &lt; <see cref="LogBlocks"/>).</summary>
    public BlockAddress LogAddress(long position) => new(Start.Volume, Start.Block + HeaderCopies + position);

    public BlockAddress HeaderAddress(int copy) => new(Start.Volume, Start.Block + copy);

    public bool Contains(BlockAddress address) =>
        address.Volume == Start.Volume && address.Block >= Start.Block && address.Block < Start.Block + Blocks;

    /// <summary>Throws <see cref="ArgumentException"/> unless the journal fits the volumes it is given; returns its own device.</summary>
    internal IBlockDevice Check(IReadOnlyList<IBlockDevice> volumes)
    {
        ArgumentNullException.ThrowIfNull(volumes);
        if (FsId == Guid.Empty) throw new ArgumentException("the journal needs the filesystem uuid", nameof(FsId));
        if (BlockSize < 512 || (BlockSize & (BlockSize - 1)) != 0)
            throw new ArgumentOutOfRangeException(nameof(BlockSize), BlockSize, "the block size must be a power of two of at least 512 bytes");
        if (Blocks < MinBlocks) throw new ArgumentOutOfRangeException(nameof(Blocks), Blocks, $"a journal needs at least {MinBlocks} blocks");
        if ((uint)Start.Volume >= (uint)volumes.Count)
            throw new ArgumentOutOfRangeException(nameof(Start), Start, $"the journal's volume {Start.Volume} is not among the {volumes.Count} volumes");
        foreach (var volume in volumes)
            if (BlockSize % volume.SectorSize != 0)
                throw new ArgumentException($"{volume.Name}: block size {BlockSize} is not a multiple of its sector size {volume.SectorSize}", nameof(BlockSize));
        var device = volumes[Start.Volume];
        if (Start.Block < 0 || (Start.Block + Blocks) * BlockSize > device.SectorCount * device.SectorSize)
            throw new ArgumentOutOfRangeException(nameof(Start), Start, $"the journal ({Blocks} blocks at {Start}) does not fit on {device.Name}");
        return device;
    }
}
