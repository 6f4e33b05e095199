using System.Diagnostics.CodeAnalysis;
using Layered.BlockStack;

namespace Layered.Fs.Volumes;

/// <summary>
/// Byte-addressed I/O on one device in as few requests as the device allows: a transfer is cut
/// only where it exceeds <see cref="IBlockDevice.MaxTransferBytes"/>. A device error becomes an
/// <see cref="FsIoException"/> naming the device, the sector and what the filesystem was doing.
/// Buffers must be sector-aligned in address and length (AlignedMemory slices at block offsets are).
/// </summary>
internal static class DeviceIo
{
    public static async ValueTask ReadAsync(IBlockDevice device, long offsetBytes, Memory<byte> buffer, string purpose, CancellationToken ct)
    {
        for (var done = 0; done < buffer.Length;)
        {
            ct.ThrowIfCancellationRequested();
            var length = Math.Min(buffer.Length - done, device.MaxTransferBytes);
            var result = await device.ReadAsync((offsetBytes + done) / device.SectorSize, buffer.Slice(done, length)).ConfigureAwait(false);
            if (!result.IsOk) Fail(device, "reading", result, purpose);
            done += length;
        }
    }

    /// <param name="flags">Per request; <see cref="WriteFlags.Fua"/> makes each piece durable when it completes.</param>
    public static async ValueTask WriteAsync(IBlockDevice device, long offsetBytes, ReadOnlyMemory<byte> buffer, string purpose, CancellationToken ct, WriteFlags flags = WriteFlags.None)
    {
        for (var done = 0; done < buffer.Length;)
        {
            ct.ThrowIfCancellationRequested();
            var length = Math.Min(buffer.Length - done, device.MaxTransferBytes);
            var result = await device.WriteAsync((offsetBytes + done) / device.SectorSize, buffer.Slice(done, length), flags).ConfigureAwait(false);
            if (!result.IsOk) Fail(device, "writing", result, purpose);
            done += length;
        }
    }

    public static async ValueTask FlushAsync(IBlockDevice device, string purpose)
    {
        var result = await device.FlushAsync().ConfigureAwait(false);
        if (!result.IsOk) Fail(device, "flushing", result, purpose);
    }

    [DoesNotReturn]
    private static void Fail(IBlockDevice device, string verb, IoResult result, string purpose) =>
        throw new FsIoException($"{purpose}: {verb} {device.Name} failed: {result.Status} at sector {result.Sector}");
}
