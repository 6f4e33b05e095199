using Layered.BlockStack;
using Layered.BlockStack.Buffers;

namespace Layered.Raid.Metadata;

// The superblock lives in the first 4096 bytes of a member whatever its sector size:
// sectors 0..7 of a 512-byte device, sector 0 of a 4096-byte one.
public sealed partial record MemberSuperblock
{
    /// <summary>
    /// Reads and checks a member's superblock. A device error, a device too small to hold one,
    /// a block that fails <see cref="TryParse"/>, or a layout that does not fit the device all
    /// come back as an error, never an exception.
    /// </summary>
    public static async ValueTask<(MemberSuperblock? Superblock, string? Error)> ReadAsync(IBlockDevice device)
    {
        ArgumentNullException.ThrowIfNull(device);
        if (!ByteRangeIo.Fits(device, 0, BlockBytes))
            return (null, $"device is {device.SectorCount * device.SectorSize} bytes, too small for a superblock");
        using var buffer = new AlignedMemory(BlockBytes);
        var result = await ByteRangeIo.ReadAsync(device, 0, buffer.Memory).ConfigureAwait(false);
        if (!result.IsOk) return (null, $"superblock read failed: {result}");
        if (!TryParse(buffer.Span, out var superblock, out var error)) return (null, error);
        if (!ByteRangeIo.Fits(device, superblock.DataOffsetBytes, superblock.MemberDataBytes))
            return (null, $"device is {device.SectorCount * device.SectorSize} bytes but its superblock places data up to "
                + $"{superblock.DataOffsetBytes + superblock.MemberDataBytes}");
        return (superblock, null);
    }

    /// <summary>Writes this superblock to sector 0 with FUA, so it is durable when the write completes.</summary>
    /// <exception cref="InvalidOperationException">The superblock is inconsistent.</exception>
    /// <exception cref="ArgumentException">The device cannot hold the layout the superblock describes.</exception>
    public async ValueTask<IoResult> WriteAsync(IBlockDevice device)
    {
        ArgumentNullException.ThrowIfNull(device);
        if (!ByteRangeIo.Fits(device, DataOffsetBytes, MemberDataBytes))
            throw new ArgumentException(
                $"{device.Name} is {device.SectorCount * device.SectorSize} bytes, too small for data up to {DataOffsetBytes + MemberDataBytes}", nameof(device));
        using var buffer = new AlignedMemory(BlockBytes);
        Serialize(buffer.Span);
        return await ByteRangeIo.WriteAsync(device, 0, buffer.Memory, WriteFlags.Fua).ConfigureAwait(false);
    }
}
