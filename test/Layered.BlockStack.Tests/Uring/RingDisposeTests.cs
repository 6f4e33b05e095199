using System.Diagnostics;
using Layered.BlockStack.Uring;
using static Layered.BlockStack.Tests.Uring.RingTestKit;

namespace Layered.BlockStack.Tests.Uring;

public class RingDisposeTests
{
    [Fact]
    public async Task DisposeCancelsReadsTheKernelCannotFinishAndQueuedOnesBehindThem()
    {
        using TempFile file = TempFile.Create(BlockBytes);
        using PipeFile pipe = new();
        Ring ring = CreateRingWithFile(file, new RingOptions { Entries = 4, DisposeTimeout = TimeSpan.FromSeconds(1) });
        Assert.Equal(Errno.Success, ring.UpdateFile(1, pipe.ReadFd));
        using AlignedBuffer buffer = new(BlockBytes);
        ValueTask<int>[] reads = [.. Enumerable.Range(0, 3 * ring.MaxInFlight).Select(_ => ring.ReadSlot(1, buffer, 1))];
        await RingLimitTests.WaitUntil(() => ring.Counters.ReadSubmitted == ring.MaxInFlight);

        var clock = Stopwatch.StartNew();
        await Task.Run(ring.Dispose).WaitAsync(TestTimeout);

        Assert.All(await reads.Bounded(), res => Assert.Equal(Errno.ECANCELED.ToResult(), res));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"dispose took {clock.Elapsed}");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task DisposeWhileFileIoFlowsCompletesOrCancelsEveryOperation(bool inlineCompletions)
    {
        using TempFile file = TempFile.Create(64 * BlockBytes);
        Ring ring = CreateRingWithFile(file, new RingOptions { Entries = 8, InlineCompletions = inlineCompletions });
        using AlignedBuffer buffer = new(64 * BlockBytes);
        Assert.Equal(Errno.Success, ring.RegisterBuffer(0, buffer));

        // Submitters keep going until the ring refuses them, so some race with Dispose itself.
        Task<List<ValueTask<int>>>[] submitters = [.. Enumerable.Range(0, 4).Select(worker => Task.Run(() => SubmitUntilDisposed(ring, buffer, worker)))];
        await RingLimitTests.WaitUntil(() => ring.Counters.Completed > 100);
        await Task.Run(ring.Dispose).WaitAsync(TestTimeout);
        List<ValueTask<int>>[] submitted = await Task.WhenAll(submitters).WaitAsync(TestTimeout);

        int[] results = await submitted.SelectMany(operations => operations).ToArray().Bounded();
        Assert.All(results, res => Assert.True(res == BlockBytes || res == Errno.ECANCELED.ToResult(), $"res {res}"));
        Assert.Throws<ObjectDisposedException>(() => ring.Read(buffer, 0, 0));
        Assert.Throws<ObjectDisposedException>(() => ring.RegisterBuffer(1, buffer));
    }

    private static List<ValueTask<int>> SubmitUntilDisposed(Ring ring, AlignedBuffer buffer, int worker)
    {
        var operations = new List<ValueTask<int>>();
        for (int i = 0; i < 1_000_000; i++)
        {
            int block = (worker * 16 + i % 16) * BlockBytes;
            try
            {
                operations.Add(i % 2 == 0 ? ring.WriteFixed(0, buffer, block, block) : ring.Read(buffer, block, block));
            }
            catch (ObjectDisposedException)
            {
                return operations;
            }
            if (operations.Count % 64 == 0)
            {
                Thread.Yield();
            }
        }
        throw new InvalidOperationException("the ring was never disposed");
    }

    [Fact]
    public async Task DisposeFromAnInlineContinuationOnTheRingThreadDoesNotDeadlock()
    {
        using TempFile file = TempFile.Create(BlockBytes);
        Ring ring = CreateRingWithFile(file, new RingOptions { InlineCompletions = true });
        using AlignedBuffer buffer = new(BlockBytes);

        Task<string?> disposedOn = ReadThenDispose(ring, buffer);

        Assert.StartsWith("uring-", await disposedOn.WaitAsync(TestTimeout));
        Assert.Throws<ObjectDisposedException>(() => ring.Read(buffer, 0, 0));
    }

    private static async Task<string?> ReadThenDispose(Ring ring, AlignedBuffer buffer)
    {
        Assert.Equal(BlockBytes, await ring.Read(buffer, 0, 0));
        ring.Dispose();
        return Thread.CurrentThread.Name;
    }

    [Fact]
    public void DisposingAnIdleRingIsQuickAndIdempotent()
    {
        Ring ring = CreateRing();
        var clock = Stopwatch.StartNew();
        ring.Dispose();
        ring.Dispose();
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"dispose took {clock.Elapsed}");
    }
}
