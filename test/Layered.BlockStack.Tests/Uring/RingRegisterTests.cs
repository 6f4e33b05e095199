using Layered.TestKit.Requirements;
using Layered.BlockStack.Buffers;
using Layered.BlockStack.Uring;
using Layered.BlockStack.Uring.Native;
using static Layered.BlockStack.Tests.Uring.RingTestKit;

namespace Layered.BlockStack.Tests.Uring;

[RequiresIoUring]
public class RingRegisterTests
{
    [DeviceFact]
    public async Task SparseBufferSlotCanBeFilledUsedClearedAndThenFaultsWithoutCrashing()
    {
        using TempFile file = TempFile.Create(1 << 20);
        using Ring ring = CreateRingWithFile(file);
        using AlignedMemory buffer = new(2 * BlockBytes);
        Random.Shared.NextBytes(buffer.Span.Slice(0, BlockBytes));

        Assert.Equal(Errno.Success, ring.RegisterBuffer(3, buffer));
        Assert.Equal(BlockBytes, await ring.WriteFixed(3, buffer, 0, 0).Bounded());
        Assert.Equal(BlockBytes, await ring.ReadFixed(3, buffer, BlockBytes, 0).Bounded());
        Assert.True(buffer.Span.Slice(0, BlockBytes).SequenceEqual(buffer.Span.Slice(BlockBytes, BlockBytes)));

        Assert.Equal(Errno.Success, ring.ClearBuffer(3));
        Assert.Equal(Errno.EFAULT.ToResult(), await ring.ReadFixed(3, buffer, 0, 0).Bounded());
        Assert.Equal(Errno.EFAULT.ToResult(), await ring.ReadFixed(2, buffer, 0, 0).Bounded());

        Assert.Equal(Errno.Success, ring.RegisterBuffer(3, buffer));
        Assert.Equal(BlockBytes, await ring.ReadFixed(3, buffer, 0, 0).Bounded());
    }

    [DeviceFact]
    public async Task FixedIoOutsideTheRegisteredRangeFaults()
    {
        using TempFile file = TempFile.Create(1 << 20);
        using Ring ring = CreateRingWithFile(file);
        using AlignedMemory buffer = new(2 * BlockBytes);
        Assert.Equal(Errno.Success, ring.RegisterBuffer(1, buffer, BlockBytes));

        Assert.Equal(Errno.EFAULT.ToResult(), await ring.ReadFixed(1, buffer, BlockBytes, 0).Bounded());
    }

    [DeviceFact]
    public async Task RegisterCallsFromManyThreadsWhileIoFlowsAllSucceed()
    {
        using TempFile file = TempFile.Create(64 * BlockBytes);
        using Ring ring = CreateRingWithFile(file);
        // With SINGLE_ISSUER the kernel answers EEXIST to any other thread, so this proves the
        // calls are carried over to the ring thread.
        Assert.NotEqual(0u, ring.SetupFlags & IoUringConstants.IORING_SETUP_SINGLE_ISSUER);
        using AlignedMemory ioBuffer = new(BlockBytes);
        using AlignedMemory registered = new(BlockBytes);
        using var stop = new CancellationTokenSource();

        Task<int> io = Task.Run(async () =>
        {
            int count = 0;
            for (; !stop.IsCancellationRequested && count < 1_000_000; count++)
            {
                Assert.Equal(BlockBytes, await ring.Read(ioBuffer, 0, count % 64 * BlockBytes));
            }
            return count;
        });
        Task[] registrars = [.. Enumerable.Range(0, 4).Select(worker => Task.Run(() =>
        {
            for (int i = 0; i < 200; i++)
            {
                Assert.Equal(Errno.Success, ring.RegisterBuffer(4 + worker, registered));
                Assert.Equal(Errno.Success, ring.UpdateFile(4 + worker, i % 2 == 0 ? -1 : (int)file.Handle.DangerousGetHandle()));
                Assert.Equal(Errno.Success, ring.ClearBuffer(4 + worker));
            }
        }))];

        await Task.WhenAll(registrars).WaitAsync(TestTimeout);
        stop.Cancel();
        Assert.True(await io.WaitAsync(TestTimeout) > 0);
    }
}
