using Layered.BlockStack.Buffers;
using Layered.BlockStack.Uring;
using Layered.BlockStack.Uring.Native;
using Layered.TestKit.Requirements;
using static Layered.BlockStack.Tests.Uring.RingTestKit;

namespace Layered.BlockStack.Tests.Uring;

/// <summary>128-byte SQEs and URING_CMD, CPU pinning, and polling after completions.</summary>
[RequiresIoUring]
public class RingLargeEntryTests
{
    [DeviceFact]
    public async Task ALargeEntryRingCarriesOrdinaryIoAcrossManyLapsOfItsQueue()
    {
        using TempFile file = TempFile.Create(1 << 20);
        using Ring ring = CreateRingWithFile(file, new RingOptions { Entries = 4, LargeEntries = true });
        using AlignedMemory source = new(64 * BlockBytes);
        using AlignedMemory target = new(64 * BlockBytes);
        new Random(7).NextBytes(source.Span);

        // 64 writes then 64 reads through a 4-entry SQ: a wrong slot stride would hand the kernel torn SQEs.
        for (int round = 0; round < 8; round++)
        {
            var writes = Enumerable.Range(round * 8, 8).Select(i => ring.Write(source, i * BlockBytes, i * BlockBytes)).ToArray();
            Assert.All(await writes.Bounded(), n => Assert.Equal(BlockBytes, n));
        }
        for (int round = 0; round < 8; round++)
        {
            var reads = Enumerable.Range(round * 8, 8).Select(i => ring.Read(target, i * BlockBytes, i * BlockBytes)).ToArray();
            Assert.All(await reads.Bounded(), n => Assert.Equal(BlockBytes, n));
        }
        Assert.True(source.Span.SequenceEqual(target.Span));
        Assert.Equal(64, ring.Counters.WriteSubmitted);
        Assert.Equal(64, ring.Counters.ReadSubmitted);
    }

    [DeviceFact]
    public async Task AUringCommandReachesTheFilesDriver()
    {
        using TempFile file = TempFile.Create(1 << 20);
        using Ring ring = CreateRing(new RingOptions { LargeEntries = true });

        // A regular file's driver has no uring_cmd: the kernel parsed the SQE and asked the file.
        int result = await UringCommand(ring, file.Fd, new byte[Ring.UringCommandBytes]).Bounded();

        Assert.Equal(Errno.EOPNOTSUPP.ToResult(), result);
        Assert.Equal(1, ring.Counters.Submitted(IoUringConstants.IORING_OP_URING_CMD));
    }

    [DeviceFact]
    public void AUringCommandNeedsLargeEntriesAndAtMostEightyBytes()
    {
        using TempFile file = TempFile.Create(1 << 20);
        using Ring small = CreateRing();
        using Ring large = CreateRing(new RingOptions { LargeEntries = true });

        Assert.Throws<InvalidOperationException>(() => UringCommand(small, file.Fd, new byte[16]));
        Assert.Throws<ArgumentOutOfRangeException>(() => UringCommand(large, file.Fd, new byte[Ring.UringCommandBytes + 1]));
        Assert.Equal(0, small.Counters.Submitted(IoUringConstants.IORING_OP_URING_CMD));
        Assert.Equal(0, large.Counters.Submitted(IoUringConstants.IORING_OP_URING_CMD));
    }

    [DeviceFact]
    public async Task TheRingThreadIsPinnedWhenTheCpuExistsAndStillServesWhenItDoesNot()
    {
        using TempFile file = TempFile.Create(1 << 20);
        using Ring pinned = CreateRingWithFile(file, new RingOptions { Cpu = 0 });
        using Ring absent = CreateRingWithFile(file, new RingOptions { Cpu = Interop.MaxCpu });
        using AlignedMemory buffer = new(BlockBytes);

        Assert.True(pinned.Pinned);
        Assert.False(absent.Pinned);
        Assert.Equal(BlockBytes, await pinned.Read(buffer, 0, 0).Bounded());
        Assert.Equal(BlockBytes, await absent.Read(buffer, 0, 0).Bounded());
        Assert.Throws<ArgumentOutOfRangeException>(() => CreateRing(new RingOptions { Cpu = -1 }));
    }

    [DeviceFact]
    public async Task APollingRingKeepsLookingAfterACompletionThenSleeps()
    {
        using TempFile file = TempFile.Create(1 << 20);
        using Ring polling = CreateRingWithFile(file, new RingOptions { PollMicroseconds = 1_000_000 });
        using Ring sleeping = CreateRingWithFile(file, new RingOptions());
        using AlignedMemory buffer = new(BlockBytes);

        Assert.Equal(BlockBytes, await polling.Read(buffer, 0, 0).Bounded());
        Assert.Equal(BlockBytes, await sleeping.Read(buffer, 0, 0).Bounded());
        var clock = System.Diagnostics.Stopwatch.StartNew();
        long pollingAtCompletion = polling.Counters.EnterCalls;
        long sleepingAtCompletion = sleeping.Counters.EnterCalls;

        // Within the window the polling ring enters again and again (even a loaded machine gives
        // it ten turns in most of a second); the other sleeps in one enter.
        while (polling.Counters.EnterCalls - pollingAtCompletion <= 10 && clock.Elapsed < TimeSpan.FromMilliseconds(800)) await Task.Delay(10);
        Assert.True(polling.Counters.EnterCalls - pollingAtCompletion > 10, $"{polling.Counters.EnterCalls - pollingAtCompletion} enters while polling");
        Assert.True(sleeping.Counters.EnterCalls - sleepingAtCompletion <= 1, $"{sleeping.Counters.EnterCalls - sleepingAtCompletion} enters while idle");

        // After the window it sleeps too.
        await Task.Delay(TimeSpan.FromMilliseconds(Math.Max(0, 1500 - clock.Elapsed.TotalMilliseconds)));
        long settled = polling.Counters.EnterCalls;
        await Task.Delay(200);
        Assert.Equal(settled, polling.Counters.EnterCalls);
    }

    private static unsafe ValueTask<int> UringCommand(Ring ring, int fd, byte[] command)
        => ring.UringCommandAsync(fd, commandOp: 1, address: null, length: 0, command);
}
