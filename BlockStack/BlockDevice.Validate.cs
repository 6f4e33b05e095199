using Layered.BlockStack.Tags;

namespace Layered.BlockStack;

public abstract partial class BlockDevice
{
    private int CheckTransfer(long sector, long lengthBytes, string lengthName)
    {
        if (lengthBytes <= 0)
            ThrowHelper.ThrowArgumentOutOfRange(lengthName, lengthBytes, $"{Name}: length must be positive");
        if (lengthBytes > MaxTransferBytes)
            ThrowHelper.ThrowArgumentOutOfRange(lengthName, lengthBytes, $"{Name}: length exceeds the maximum transfer of {MaxTransferBytes} bytes");
        if (lengthBytes % SectorSize != 0)
            ThrowHelper.ThrowArgument(lengthName, $"{Name}: length {lengthBytes} is not a multiple of the sector size {SectorSize}");
        var sectors = lengthBytes / SectorSize;
        CheckRange(sector, sectors);
        return (int)sectors;
    }

    private void CheckRange(long sector, long sectorCount)
    {
        if (sectorCount <= 0)
            ThrowHelper.ThrowArgumentOutOfRange(nameof(sectorCount), sectorCount, $"{Name}: sector count must be positive");
        if (sector < 0 || sector > SectorCount - sectorCount)
            ThrowHelper.ThrowArgumentOutOfRange(nameof(sector), sector, $"{Name}: sectors [{sector}, {sector + sectorCount}) are outside the device's {SectorCount} sectors");
    }

    private void CheckAddress(nint address)
    {
        if (address % SectorSize != 0)
            ThrowHelper.ThrowArgument("buffer", $"{Name}: buffer address 0x{address:x} is not aligned to the sector size {SectorSize}");
    }

    private void CheckTag(DeviceTag tag, long bufferOffset, int sectorCount)
    {
        ArgumentNullException.ThrowIfNull(tag);
        if (!ReferenceEquals(tag.Device, this))
            ThrowHelper.ThrowArgument(nameof(tag), $"{Name}: {tag} belongs to another device");
        if (tag.State == TagState.Unmapped)
            ThrowHelper.ThrowArgument(nameof(tag), $"{Name}: {tag} was unmapped");
        if (bufferOffset < 0 || bufferOffset % SectorSize != 0)
            ThrowHelper.ThrowArgument(nameof(bufferOffset), $"{Name}: buffer offset {bufferOffset} is not a non-negative multiple of the sector size {SectorSize}");
        if (bufferOffset > tag.Buffer.Length - (long)sectorCount * SectorSize)
            ThrowHelper.ThrowArgumentOutOfRange(nameof(bufferOffset), bufferOffset, $"{Name}: [{bufferOffset}, {bufferOffset + (long)sectorCount * SectorSize}) is outside {tag.Buffer}");
    }

    private void EnterDevice()
    {
        if (!_gate.TryEnter()) ThrowHelper.ThrowObjectDisposed(this);
    }
}
