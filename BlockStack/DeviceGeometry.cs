namespace Layered.BlockStack;

/// <summary>What a device is: its name, identity and size.</summary>
public sealed record DeviceGeometry(string Name, Guid Id, int SectorSize, long SectorCount, int MaxTransferBytes = DeviceGeometry.DefaultMaxTransferBytes)
{
    public const int DefaultMaxTransferBytes = 1 << 20;

    public long SizeBytes => SectorCount * SectorSize;

    internal void Validate()
    {
        if (SectorSize is not (512 or 4096))
            ThrowHelper.ThrowArgumentOutOfRange(nameof(SectorSize), SectorSize, "sector size must be 512 or 4096");
        if (SectorCount <= 0)
            ThrowHelper.ThrowArgumentOutOfRange(nameof(SectorCount), SectorCount, "a device needs at least one sector");
        if (MaxTransferBytes < SectorSize || MaxTransferBytes % SectorSize != 0)
            ThrowHelper.ThrowArgumentOutOfRange(nameof(MaxTransferBytes), MaxTransferBytes, $"must be a positive multiple of the sector size {SectorSize}");
    }
}
