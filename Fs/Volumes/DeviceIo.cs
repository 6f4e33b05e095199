using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using Layered.BlockStack;

namespace Layered.Fs.Volumes;

/// <summary>
/// The filesystem's byte-addressed device I/O (<see cref="ByteRangeIo"/>): a device error becomes an
/// <see cref="FsIoException"/> naming the device, the sector and what the filesystem was doing.
/// Buffers must be sector-aligned in address and length (AlignedMemory slices at block offsets are).
/// </summary>
internal static class DeviceIo
{
    // Pooled state machines: file data goes through here on every request.
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    public static async ValueTask ReadAsync(IBlockDevice device, long offsetBytes, Memory<byte> buffer, string purpose, CancellationToken ct)
    {
        var result = await ByteRangeIo.ReadAsync(device, offsetBytes, buffer, ct).ConfigureAwait(false);
        if (!result.IsOk) Fail(device, "reading", result, purpose);
    }

    /// <param name="flags">Per request; <see cref="WriteFlags.Fua"/> makes each piece durable when it completes.</param>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    public static async ValueTask WriteAsync(IBlockDevice device, long offsetBytes, ReadOnlyMemory<byte> buffer, string purpose, CancellationToken ct, WriteFlags flags = WriteFlags.None)
    {
        var result = await ByteRangeIo.WriteAsync(device, offsetBytes, buffer, flags, ct).ConfigureAwait(false);
        if (!result.IsOk) Fail(device, "writing", result, purpose);
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
