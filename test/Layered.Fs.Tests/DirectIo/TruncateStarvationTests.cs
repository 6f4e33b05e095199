using System.Diagnostics;
using Layered.BlockStack.Buffers;
using Layered.Fs.DirectIo;
using Layered.Fs.Posix;
using Layered.Fs.Tests.Posix;
using Xunit.Abstractions;

namespace Layered.Fs.Tests.DirectIo;

/// <summary>New acquisitions arriving without pause must not starve a breaker: each truncate completes within a bound far below the break time.</summary>
public sealed class TruncateStarvationTests(ITestOutputHelper output)
{
    private const int Block = 4096;

    [Fact(Timeout = 60_000)]
    public async Task AStreamOfNewSessionsRegisteringTheFileDoesNotStarveATruncate()
    {
        var (fs, _) = await TestFs.CreateAsync(mount: RaceRig.Mount());
        var file = await fs.CreateAsync(FileSystem.RootIno, "f", 0x1A4, 0, 0);
        using var registry = new BufferRegistry();
        using var stop = new CancellationTokenSource();
        long registrations = 0;
        var churn = Enumerable.Range(0, 6).Select(i => Task.Run(async () =>
        {
            using var buffer = registry.Register(4 * Block);
            while (!stop.IsCancellationRequested)
            {
                // A new holder every round: acquire on register, one op, release on dispose.
                await using var session = new DirectSession(fs, new DirectSessionOptions { Name = $"churn-{i}" });
                var b = session.RegisterBuffer(buffer);
                var f = await session.RegisterFileAsync(file.Ino);
                Interlocked.Increment(ref registrations);
                var done = await session.ExecuteAsync(new DirectOp(DirectOpKind.Write, f, (long)(i * 4) * Block, 4 * Block, b, 0, 1));
                Assert.True(done.IsOk, done.ToString());
            }
        })).ToList();

        var worst = TimeSpan.Zero;
        var round = 0;
        // At least 50 truncates, and more until one has met an acquisition arriving mid-break:
        // whether a given break overlaps the stream is up to the scheduler.
        for (; round < 50 || (fs.Leases.Counters.Waits == 0 && round < 2000); round++)
        {
            while (Interlocked.Read(ref registrations) < round * 10) await Task.Delay(1);
            while ((await fs.GetAttrAsync(file.Ino)).Size == 0) await Task.Delay(1);
            var clock = Stopwatch.StartNew();
            await fs.SetAttrAsync(file.Ino, new SetAttributes { Size = 0 }).WaitAsync(TimeSpan.FromSeconds(10));
            worst = clock.Elapsed > worst ? clock.Elapsed : worst;
        }
        await stop.CancelAsync();
        await Task.WhenAll(churn);
        output.WriteLine($"{round} truncates against {registrations} registrations; the slowest took {worst.TotalMilliseconds:F1} ms; waits {fs.Leases.Counters.Waits}");
        await fs.DisposeAsync();

        Assert.True(worst < TimeSpan.FromSeconds(5), $"a truncate took {worst.TotalMilliseconds:F0} ms behind the stream of acquisitions");
        Assert.Equal(0, fs.Leases.Counters.Fences);
        Assert.True(fs.Leases.Counters.Waits > 0, "no acquisition ever waited behind a truncate; the stream did not overlap the breaks");
    }
}
