using Layered.BlockStack;

namespace Layered.Fs.Callouts;

/// <summary>
/// One mapped range of a file, in the iomap shape: the file range, what backs it, and for
/// Mapped/Unwritten the volume, its index in the filesystem, and the device sectors.
/// </summary>
public readonly record struct IomapExtent(long FileOffset, long Length, IomapType Type, IBlockDevice? Device, int Volume, long Sector, long SectorCount)
{
    public long FileEnd => FileOffset + Length;
}
