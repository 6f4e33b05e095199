using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace Layered.BlockStack;

/// <summary>
/// Byte-addressed reads and writes on one device in as few requests as it allows: a transfer is
/// cut only where it exceeds <see cref="IBlockDevice.MaxTransferBytes"/> (rounded down to whole
/// sectors). Offsets and lengths are multiples of the sector size; the first failed piece's result
/// is returned and nothing after it is issued.
/// </summary>
public static class ByteRangeIo
{
    /// <summary>Whether <c>[offsetBytes, offsetBytes + lengthBytes)</c> lies on the device.</summary>
    public static bool Fits(IBlockDevice device, long offsetBytes, long lengthBytes) =>
        offsetBytes >= 0 && lengthBytes >= 0 && offsetBytes + lengthBytes <= device.SectorCount * device.SectorSize;

    // Pooled state machines: the filesystem's data path comes through here on every request.
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public static async ValueTask<IoResult> ReadAsync(IBlockDevice device, long offsetBytes, Memory<byte> buffer, CancellationToken ct = default)
    {
        CheckAligned(device, offsetBytes, buffer.Length);
        var pieceBytes = PieceBytes(device);
        for (var doneBytes = 0; doneBytes < buffer.Length; doneBytes += pieceBytes)
        {
            ct.ThrowIfCancellationRequested();
            var lengthBytes = Math.Min(pieceBytes, buffer.Length - doneBytes);
            var result = await device.ReadAsync((offsetBytes + doneBytes) / device.SectorSize, buffer.Slice(doneBytes, lengthBytes)).ConfigureAwait(false);
            if (!result.IsOk) return result;
        }
        return IoResult.Ok;
    }

    /// <param name="flags">Per request; <see cref="WriteFlags.Fua"/> makes each piece durable when it completes.</param>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public static async ValueTask<IoResult> WriteAsync(IBlockDevice device, long offsetBytes, ReadOnlyMemory<byte> buffer, WriteFlags flags = WriteFlags.None, CancellationToken ct = default)
    {
        CheckAligned(device, offsetBytes, buffer.Length);
        var pieceBytes = PieceBytes(device);
        for (var doneBytes = 0; doneBytes < buffer.Length; doneBytes += pieceBytes)
        {
            ct.ThrowIfCancellationRequested();
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
        Debug.Assert(lengthBytes % device.SectorSize == 0, $"length {lengthBytes} not a multiple of sector {device.SectorSize}");
    }
}
