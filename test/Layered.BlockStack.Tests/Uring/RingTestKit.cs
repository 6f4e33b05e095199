using Layered.BlockStack.Buffers;
using Layered.BlockStack.Uring;

namespace Layered.BlockStack.Tests.Uring;

/// <summary>Ring set-up and pointer-free wrappers, so async tests need no unsafe context.</summary>
internal static unsafe class RingTestKit
{
    /// <summary>Upper bound for any single await in these tests, so a hang fails instead of stalling the run.</summary>
    public static readonly TimeSpan TestTimeout = TimeSpan.FromSeconds(30);

    public const int BlockBytes = 4096;

    public static Ring CreateRing(RingOptions? options = null)
    {
        Assert.True(Ring.TryCreate(options ?? new RingOptions(), out Ring? ring, out Errno error), $"io_uring unavailable: {error}");
        return ring;
    }

    /// <summary>A ring with sparse tables of 8 slots and <paramref name="file"/> in file slot 0.</summary>
    public static Ring CreateRingWithFile(TempFile file, RingOptions? options = null)
    {
        Ring ring = CreateRing(options);
        Assert.Equal(Errno.Success, ring.RegisterFilesSparse(8));
        Assert.Equal(Errno.Success, ring.UpdateFile(0, file.Fd));
        Assert.Equal(Errno.Success, ring.RegisterBuffersSparse(8));
        return ring;
    }

    public static Errno RegisterBuffer(this Ring ring, int bufferSlot, AlignedMemory buffer, int? lengthBytes = null)
        => ring.UpdateBuffer(bufferSlot, (byte*)buffer.Address, (nuint)(lengthBytes ?? buffer.Length));

    public static Errno ClearBuffer(this Ring ring, int bufferSlot) => ring.UpdateBuffer(bufferSlot, null, 0);

    public static ValueTask<int> Read(this Ring ring, AlignedMemory buffer, int bufferOffset, long fileOffset, int lengthBytes = BlockBytes)
        => ring.ReadAsync(0, (byte*)buffer.Address + bufferOffset, (uint)lengthBytes, (ulong)fileOffset);

    public static ValueTask<int> Write(this Ring ring, AlignedMemory buffer, int bufferOffset, long fileOffset, bool fua = false)
        => ring.WriteAsync(0, (byte*)buffer.Address + bufferOffset, BlockBytes, (ulong)fileOffset, fua);

    public static ValueTask<int> ReadFixed(this Ring ring, int bufferSlot, AlignedMemory buffer, int bufferOffset, long fileOffset)
        => ring.ReadFixedAsync(0, bufferSlot, (byte*)buffer.Address + bufferOffset, BlockBytes, (ulong)fileOffset);

    public static ValueTask<int> WriteFixed(this Ring ring, int bufferSlot, AlignedMemory buffer, int bufferOffset, long fileOffset, bool fua = false)
        => ring.WriteFixedAsync(0, bufferSlot, (byte*)buffer.Address + bufferOffset, BlockBytes, (ulong)fileOffset, fua);

    /// <summary>A plain read of <paramref name="lengthBytes"/> from any file slot, at offset 0.</summary>
    public static ValueTask<int> ReadSlot(this Ring ring, int fileSlot, AlignedMemory buffer, int lengthBytes)
        => ring.ReadAsync(fileSlot, (byte*)buffer.Address, (uint)lengthBytes, 0);

    public static Task<int> Bounded(this ValueTask<int> operation) => operation.AsTask().WaitAsync(TestTimeout);

    public static Task<int[]> Bounded(this IReadOnlyCollection<ValueTask<int>> operations)
        => Task.WhenAll(operations.Select(operation => operation.AsTask())).WaitAsync(TestTimeout);
}
