using Layered.TestKit.Requirements;
using Layered.BlockStack.Buffers;
using System.Diagnostics;
using Layered.BlockStack.Uring;
using static Layered.BlockStack.Tests.Uring.RingTestKit;
using Layered.TestKit.Timing;

namespace Layered.BlockStack.Tests.Uring;

[RequiresIoUring]
public class RingDisposeTests
{
    [DeviceFact]
    public async Task DisposeCancelsReadsTheKernelCannotFinishAndQueuedOnesBehindThem()
    {
        using TempFile file = TempFile.Create(BlockBytes);
        using PipeFile pipe = new();
        Ring ring = CreateRingWithFile(file, new RingOptions { Entries = 4, DisposeTimeout = TimeSpan.FromSeconds(1) });
        Assert.Equal(Errno.Success, ring.UpdateFile(1, pipe.ReadFd));
        using AlignedMemory buffer = new(BlockBytes);
        ValueTask<int>[] reads = [.. Enumerable.Range(0, 3 * ring.MaxInFlight).Select(_ => ring.ReadSlot(1, buffer, 1))];
        await Eventually.HoldsAsync(() => ring.Counters.ReadSubmitted == ring.MaxInFlight, RingTestKit.TestTimeout, "the ring filling up");

        var clock = Stopwatch.StartNew();
        await Task.Run(ring.Dispose).WaitAsync(TestTimeout);

        Assert.All(await reads.Bounded(), res => Assert.Equal(Errno.ECANCELED.ToResult(), res));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"dispose took {clock.Elapsed}");
    }

    [DeviceTheory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task DisposeWhileFileIoFlowsCompletesOrCancelsEveryOperation(bool inlineCompletions)
    {
        using TempFile file = TempFile.Create(64 * BlockBytes);
        Ring ring = CreateRingWithFile(file, new RingOptions { Entries = 8, InlineCompletions = inlineCompletions });
        using AlignedMemory buffer = new(64 * BlockBytes);
        Assert.Equal(Errno.Success, ring.RegisterBuffer(0, buffer));

        // Submitters keep going until the ring refuses them, so some race with Dispose itself.
        Task<List<int>>[] submitters = [.. Enumerable.Range(0, 4).Select(worker => Task.Run(() => SubmitUntilDisposed(ring, buffer, worker)))];
        await Eventually.HoldsAsync(() => ring.Counters.Completed > 1000, RingTestKit.TestTimeout, "a thousand completions");
        await Task.Run(ring.Dispose).WaitAsync(TestTimeout);
        List<int>[] results = await Task.WhenAll(submitters).WaitAsync(TestTimeout);

        Assert.All(results.SelectMany(r => r), res => Assert.True(res == BlockBytes || res == Errno.ECANCELED.ToResult(), $"res {res}"));
        Assert.Throws<ObjectDisposedException>(() => ring.Read(buffer, 0, 0));
        Assert.Throws<ObjectDisposedException>(() => ring.RegisterBuffer(1, buffer));
    }

    /// <summary>Keeps 32 operations outstanding until the ring refuses new ones, then collects every result.</summary>
    private static async Task<List<int>> SubmitUntilDisposed(Ring ring, AlignedMemory buffer, int worker)
    {
        var results = new List<int>();
        var window = new Queue<ValueTask<int>>();
        using var timeout = new CancellationTokenSource(TestTimeout);
        for (int i = 0; !timeout.IsCancellationRequested; i++)
        {
            if (window.Count == 32)
            {
                results.Add(await window.Dequeue());
            }
            int block = (worker * 16 + i % 16) * BlockBytes;
            try
            {
                window.Enqueue(i % 2 == 0 ? ring.WriteFixed(0, buffer, block, block) : ring.Read(buffer, block, block));
            }
            catch (ObjectDisposedException)
            {
                break;
            }
        }
        while (window.Count > 0)
        {
            results.Add(await window.Dequeue());
        }
        return results;
    }

    [DeviceFact]
    public async Task DisposeFromAnInlineContinuationOnTheRingThreadDoesNotDeadlock()
    {
        using TempFile file = TempFile.Create(BlockBytes);
        using PipeFile pipe = new();
        Ring ring = CreateRingWithFile(file, new RingOptions { InlineCompletions = true });
        Assert.Equal(Errno.Success, ring.UpdateFile(1, pipe.ReadFd));
        using AlignedMemory buffer = new(BlockBytes);

        Task<string?> disposedOn = ReadThenDispose(ring, buffer);
        pipe.Write(1);

        Assert.StartsWith("uring-", await disposedOn.WaitAsync(TestTimeout));
        Assert.Throws<ObjectDisposedException>(() => ring.Read(buffer, 0, 0));
    }

    private static async Task<string?> ReadThenDispose(Ring ring, AlignedMemory buffer)
    {
        // The pipe read is still in flight at the await and no context is captured, so the
        // continuation runs on the ring thread.
        Assert.Equal(1, await ring.ReadSlot(1, buffer, 1).ConfigureAwait(false));
        ring.Dispose();
        return Thread.CurrentThread.Name;
    }

    [DeviceFact]
    public void DisposingAnIdleRingIsQuickAndIdempotent()
    {
        Ring ring = CreateRing();
        var clock = Stopwatch.StartNew();
        ring.Dispose();
        ring.Dispose();
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"dispose took {clock.Elapsed}");
    }
}
