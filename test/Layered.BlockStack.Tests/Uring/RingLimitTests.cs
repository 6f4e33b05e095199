using Layered.TestKit.Requirements;
using Layered.BlockStack.Buffers;
using Layered.BlockStack.Uring;
using static Layered.BlockStack.Tests.Uring.RingTestKit;
using Layered.TestKit.Timing;

namespace Layered.BlockStack.Tests.Uring;

[RequiresIoUring]
public class RingLimitTests
{
    [DeviceFact]
    public async Task SubmitsBeyondThePendingLimitCompleteAtOnceWithEagain()
    {
        using TempFile file = TempFile.Create(BlockBytes);
        using PipeFile pipe = new();
        using Ring ring = CreateRingWithFile(file, new RingOptions { MaxPendingOperations = 4 });
        Assert.Equal(Errno.Success, ring.UpdateFile(1, pipe.ReadFd));
        using AlignedMemory buffer = new(BlockBytes);

        ValueTask<int>[] blocked = [.. Enumerable.Range(0, 4).Select(_ => ring.ReadSlot(1, buffer, 1))];
        ValueTask<int> refused = ring.ReadSlot(1, buffer, 1);

        Assert.True(refused.IsCompleted);
        Assert.Equal(Errno.EAGAIN.ToResult(), await refused);
        Assert.All(blocked, read => Assert.False(read.IsCompleted));

        pipe.Write(4);
        Assert.All(await blocked.Bounded(), res => Assert.Equal(1, res));
        Assert.Equal(1, await ring.ReadSlot(0, buffer, 1).Bounded());
    }

    [DeviceFact]
    public async Task OperationsBeyondTheInFlightLimitWaitInTheQueue()
    {
        using TempFile file = TempFile.Create(BlockBytes);
        using PipeFile pipe = new();
        using Ring ring = CreateRingWithFile(file, new RingOptions { Entries = 4 });
        Assert.Equal(Errno.Success, ring.UpdateFile(1, pipe.ReadFd));
        using AlignedMemory buffer = new(BlockBytes);

        ValueTask<int>[] reads = [.. Enumerable.Range(0, 3 * ring.MaxInFlight).Select(_ => ring.ReadSlot(1, buffer, 1))];
        await Eventually.HoldsAsync(() => ring.Counters.ReadSubmitted == ring.MaxInFlight, TestTimeout, "the ring filling up");
        await Task.Delay(50);

        // The ring holds no more than MaxInFlight; the rest are still queued.
        Assert.Equal(ring.MaxInFlight, ring.Counters.ReadSubmitted);
        pipe.Write(reads.Length);
        Assert.All(await reads.Bounded(), res => Assert.Equal(1, res));
        Assert.Equal(reads.Length, ring.Counters.ReadSubmitted);
    }
}
