using System.Diagnostics;
using Layered.BlockStack;

namespace Layered.Raid.Metadata;

/// <summary>
/// Byte-addressed reads and writes of metadata areas, split to the device's largest transfer.
/// Offsets and lengths are multiples of <see cref="MemberSuperblock.AreaAlignmentBytes"/>, so
/// they suit either sector size.
/// </summary>
internal static class MetadataIo
{
    public static bool Fits(IBlockDevice device, long offsetBytes, long lengthBytes) =>
        offsetBytes >= 0 && lengthBytes >= 0 && offsetBytes + lengthBytes <= device.SectorCount * device.SectorSize;

    public static async ValueTask<IoResult> ReadAsync(IBlockDevice device, long offsetBytes, Memory<byte> buffer)
    {
        CheckAligned(device, offsetBytes, buffer.Length);
        var pieceBytes = PieceBytes(device);
        for (var doneBytes = 0; doneBytes < buffer.Length; doneBytes += pieceBytes)
        {
            var lengthBytes = Math.Min(pieceBytes, buffer.Length - doneBytes);
            var result = await device.ReadAsync((offsetBytes + doneBytes) / device.SectorSize, buffer.Slice(doneBytes, lengthBytes)).ConfigureAwait(false);
            if (!result.IsOk) return result;
        }
        return IoResult.Ok;
    }

    public static async ValueTask<IoResult> WriteAsync(IBlockDevice device, long offsetBytes, ReadOnlyMemory<byte> buffer, WriteFlags flags)
    {
        CheckAligned(device, offsetBytes, buffer.Length);
        var pieceBytes = PieceBytes(device);
        for (var doneBytes = 0; doneBytes < buffer.Length; doneBytes += pieceBytes)
        {
            var lengthBytes = Math.Min(pieceBytes, buffer.Length - doneBytes);
            var result = await device.WriteAsync((offsetBytes + doneBytes) / device.SectorSize, buffer.Slice(doneBytes, lengthBytes), flags).ConfigureAwait(false);
            if (!result.IsOk) return result;
        }
        return IoResult.Ok;
    }

    // The largest whole number of sectors in one transfer.
    private static int PieceBytes(IBlockDevice device) =>
        Math.Max(device.MaxTransferBytes / device.SectorSize, 1) * device.SectorSize;

    private static void CheckAligned(IBlockDevice device, long offsetBytes, int lengthBytes)
    {
        Debug.Assert(offsetBytes % device.SectorSize == 0, $"offset {offsetBytes} not a multiple of sector {device.SectorSize}");
        Debug.Assert(lengthBytes > 0 && lengthBytes % device.SectorSize == 0, $"length {lengthBytes} not a multiple of sector {device.SectorSize}");
    }
}
