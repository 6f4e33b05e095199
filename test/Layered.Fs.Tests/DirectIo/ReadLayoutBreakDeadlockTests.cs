using System.Diagnostics;
using Layered.BlockStack.Buffers;
using Layered.Fs.DirectIo;
using Layered.Fs.Posix;
using Layered.Fs.Tests.Posix;
using Layered.Leases;

namespace Layered.Fs.Tests.DirectIo;

/// <summary>
/// A write-layout holder's op that is already in flight maps with write intent
/// into a hole; that allocation breaks the read layouts on the range, and the lease table
/// queues that break behind an earlier overlapping breaker, a truncate. The truncate is
/// recalling the very same holder and waits for it to drain, but the holder's in-flight op
/// waits for the truncate: neither would move until the break time fenced a cooperative holder.
/// So a session breaks read layouts without waiting while in flight, and steps out of flight to
/// wait. Expected: the truncate completes promptly, without a fence, and the op succeeds.
/// </summary>
public sealed class ReadLayoutBreakDeadlockTests
{
    private const int Block = 4096;

    [Fact(Timeout = 30_000)]
    public async Task AnInFlightWriteThatBreaksReadLayoutsBehindATruncateDoesNotDeadlockWithIt()
    {
        var breakTime = TimeSpan.FromSeconds(3);
        var (fs, _) = await TestFs.CreateAsync(mount: RaceRig.Mount(breakTimeMs: (int)breakTime.TotalMilliseconds));
        var file = await fs.CreateAsync(FileSystem.RootIno, "f", 0x1A4, 0, 0);
        await fs.WriteAsync(file.Ino, 0, new byte[4 * Block]);
        using var registry = new BufferRegistry();
        var buffer = registry.Register(2 * Block);
        await using var writer = new DirectSession(fs, new DirectSessionOptions { Name = "writer" });
        var b = writer.RegisterBuffer(buffer);
        var f = await writer.RegisterFileAsync(file.Ino);
        var reader = new GatedReader();
        await fs.Leases.AcquireAsync(file.Ino, 0, long.MaxValue, LeaseMode.Read, reader);

        // Op 1 allocates into a hole: its read-layout break recalls the reader, which holds on.
        var first = writer.ExecuteAsync(new DirectOp(DirectOpKind.Write, f, 8 * Block, Block, b, 0, 1)).AsTask();
        await reader.Recalled.WaitAsync(TimeSpan.FromSeconds(5));
        // The truncate queues behind op 1's break; op 2 enters (nothing recalls the writer yet) and queues behind the truncate.
        var clock = Stopwatch.StartNew();
        var truncate = fs.SetAttrAsync(file.Ino, new SetAttributes { Size = 0 });
        await WaitForAsync(() => fs.Leases.Queued(file.Ino) >= 2);
        var second = writer.ExecuteAsync(new DirectOp(DirectOpKind.Write, f, 12 * Block, Block, b, Block, 2)).AsTask();
        await WaitForAsync(() => fs.Leases.Queued(file.Ino) >= 3);
        reader.Open();

        await Task.WhenAll(first, truncate, second).WaitAsync(TimeSpan.FromSeconds(20));
        var elapsed = clock.Elapsed;
        var (one, two) = (await first, await second);
        Assert.True(one.IsOk, one.ToString());
        Assert.True(two.IsOk, $"the in-flight op was fenced: {two}");
        Assert.Equal(0, fs.Leases.Counters.Fences);
        Assert.True(elapsed < breakTime, $"the truncate took {elapsed.TotalMilliseconds:F0} ms: it waited out the break time");
        await fs.DisposeAsync();
    }

    private static async Task WaitForAsync(Func<bool> condition)
    {
        for (var i = 0; i < 500 && !condition(); i++) await Task.Delay(10);
        Assert.True(condition(), "the setup never reached the expected queue");
    }
}
