using System.Diagnostics;
using Layered.Leases.Tests.Support;
using Layered.TestKit.Timing;
using Layered.TestKit.Contracts;

namespace Layered.Leases.Tests;

public sealed class WaitingTests
{
    private const int Acquirers = 16;

    [Fact(Timeout = 30000)]
    public async Task AStreamOfAcquisitionsCannotStarveABreaker()
    {
        var seed = Seeds.Next(nameof(AStreamOfAcquisitionsCannotStarveABreaker));
        var table = new LeaseTable();
        using var stop = new CancellationTokenSource();
        long granted = 0, grantedUnderScope = 0;
        var scopeHeld = 0;
        var acquirers = Enumerable.Range(0, Acquirers).Select(i => Task.Run(async () =>
        {
            var random = new Random(seed + i);
            var holder = new CooperativeHolder($"acquirer {i}");
            for (var round = 0; round < 1_000_000 && !stop.IsCancellationRequested; round++)
            {
                var mode = random.Next(2) == 0 ? LeaseMode.Read : LeaseMode.ReadWrite;
                LayoutLease lease;
                try
                {
                    lease = await table.AcquireAsync(1, random.Next(64) * 4096L, random.Next(1, 16) * 4096L, mode, holder, stop.Token);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
                Interlocked.Increment(ref granted);
                // Leases granted before the break were all released before the scope was handed out.
                if (Volatile.Read(ref scopeHeld) == 1 && lease.State == LeaseState.Active) Interlocked.Increment(ref grantedUnderScope);
                if (random.Next(4) == 0) await Task.Delay(1);
                else await Task.Yield();
                await lease.ReleaseAsync();
            }
        })).ToArray();
        await Eventually.HoldsAsync(() => Volatile.Read(ref granted) > 500, Bounds.Step, "the acquirers getting going");
        var clock = Stopwatch.StartNew();

        var scope = await table.BreakAsync(1, 0, Bounds.Rest(0)).AsTask().WaitAsync(Bounds.Step);

        Volatile.Write(ref scopeHeld, 1);
        var breakMs = clock.ElapsedMilliseconds;
        Assert.Empty(table.Active(1));
        await Task.Delay(Bounds.Settle);
        var before = Volatile.Read(ref granted);
        Volatile.Write(ref scopeHeld, 0);
        scope.Dispose();
        await Eventually.HoldsAsync(() => Volatile.Read(ref granted) > before + 100, Bounds.Step, "acquisitions resuming after the scope");
        await stop.CancelAsync();
        await Task.WhenAll(acquirers).WaitAsync(Bounds.Step);

        Assert.Equal(0, Volatile.Read(ref grantedUnderScope));
        Assert.True(breakMs < 5000, $"the breaker waited {breakMs} ms behind a stream of acquisitions");
        Assert.True(table.Counters.Waits > 0, "no acquisition ever waited behind the breaker");
        Console.WriteLine($"[leases] break took {breakMs} ms; {table.Counters}");
    }

    [Fact(Timeout = 30000)]
    public async Task CancellingAWaitingAcquisitionTakesItOutOfTheQueue()
    {
        var table = new LeaseTable();
        var scope = await table.BreakAsync(1, 0, 4096);
        using var cancel = new CancellationTokenSource();
        var waiting = table.AcquireAsync(1, 0, 4096, LeaseMode.Read, new CooperativeHolder(), cancel.Token).AsTask();
        await Task.Delay(Bounds.Settle);
        Assert.Equal(2, table.Queued(1));

        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting.WaitAsync(Bounds.Step));
        Assert.Equal(1, table.Queued(1));
        scope.Dispose();
        Assert.Equal(0, table.Queued(1));
        Assert.Empty(table.Active(1));
    }

    [Fact(Timeout = 30000)]
    public async Task AnAcquisitionWaitsNoLongerThanTheWaitLimit()
    {
        var table = new LeaseTable(new LeaseOptions { WaitLimit = TimeSpan.FromMilliseconds(200) });
        await using var scope = await table.BreakAsync(1, 0, 4096);

        await Assert.ThrowsAsync<TimeoutException>(
            () => table.AcquireAsync(1, 0, 4096, LeaseMode.Read, new CooperativeHolder()).AsTask().WaitAsync(Bounds.Step));

        Assert.Equal(1, table.Queued(1));
    }

    [Fact(Timeout = 30000)]
    public async Task AQueuedBreakerWaitsNoLongerThanTheWaitLimit()
    {
        // The acquisition joins halfway through the breaker's wait: it must queue behind it (the
        // breaker has 3 s left), and its own limit runs out 3 s after the breaker's, which leaves
        // it room to be granted. Margins of seconds both ways, so a loaded machine cannot flip it.
        var table = new LeaseTable(new LeaseOptions { WaitLimit = TimeSpan.FromSeconds(6) });
        await using var scope = await table.BreakAsync(1, 0, 4096);
        var breaking = table.BreakAsync(1, 0, 16384).AsTask();
        await Task.Delay(TimeSpan.FromSeconds(3));
        Assert.False(breaking.IsCompleted, "the queued breaker gave up before its wait limit");
        var acquisition = table.AcquireAsync(1, 8192, 4096, LeaseMode.Read, new CooperativeHolder()).AsTask();
        await Task.Delay(Bounds.Settle);
        Assert.False(acquisition.IsCompleted, "an acquisition overtook a queued breaker");

        await Assert.ThrowsAsync<TimeoutException>(() => breaking.WaitAsync(Bounds.Step));

        // The breaker that gave up no longer holds back the acquisition queued behind it.
        await acquisition.WaitAsync(Bounds.Step);
        Assert.Equal(1, table.Queued(1));
    }
}
