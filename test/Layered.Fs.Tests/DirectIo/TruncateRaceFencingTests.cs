using System.Diagnostics;
using Layered.BlockStack;
using Layered.BlockStack.Buffers;
using Layered.BlockStack.Uring;
using Layered.Fs.DirectIo;
using Layered.Fs.Posix;
using Layered.Fs.Tests.Posix;
using Xunit.Abstractions;

namespace Layered.Fs.Tests.DirectIo;

/// <summary>A holder that ignores recalls: fenced after the break time, its late I/O revoked, and only then do the blocks go.</summary>
public sealed class TruncateRaceFencingTests(ITestOutputHelper output)
{
    private const int Block = 4096;

    [Fact(Timeout = 30_000)]
    public async Task TruncateWaitsForADeafHolderThenFencesItAndItsLateIoIsRevokedOnTheDevice()
    {
        var (fs, _) = await TestFs.CreateAsync(mount: RaceRig.Mount(breakTimeMs: 300));
        var file = await fs.CreateAsync(FileSystem.RootIno, "f", 0x1A4, 0, 0);
        await fs.WriteAsync(file.Ino, 0, new byte[16 * Block]);
        using var registry = new BufferRegistry();
        var buffer = registry.Register(16 * Block);
        await using var deaf = new DirectSession(fs, new DirectSessionOptions { Name = "deaf", IgnoreRecalls = true });
        var b = deaf.RegisterBuffer(buffer);
        var f = await deaf.RegisterFileAsync(file.Ino);
        Assert.True((await deaf.ExecuteAsync(new DirectOp(DirectOpKind.Read, f, 0, 16 * Block, b, 0, 1))).IsOk);
        var lease = Assert.Single(fs.Leases.Active(file.Ino));
        var tag = Assert.Single(lease.Tags);
        var sector = (await fs.MapAsync(file.Ino, 0, Block, Callouts.MapIntent.Read)).Single().Sector;

        // The deaf holder keeps writing while the truncate waits: every op before the fence lands, every one after is stale.
        // It writes until its first stale status (bounded): the op in flight at the fence drains and lands, so the
        // truncate may return before the writer has issued anything after the fence.
        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        var writes = Task.Run(async () =>
        {
            var statuses = new List<Errno>();
            while (!bound.IsCancellationRequested)
            {
                var status = (await deaf.ExecuteAsync(new DirectOp(DirectOpKind.Write, f, 0, Block, b, 0, 2))).Errno;
                statuses.Add(status);
                if (status != Errno.Success) break;
            }
            return statuses;
        });
        var clock = Stopwatch.StartNew();
        await fs.SetAttrAsync(file.Ino, new SetAttributes { Size = 0 });
        var waited = clock.Elapsed;
        var statuses = await writes;

        Assert.True(waited >= TimeSpan.FromMilliseconds(250), $"the truncate returned after {waited.TotalMilliseconds:F0} ms, before the break time");
        Assert.Equal(1, fs.Leases.Counters.Fences);
        Assert.Equal(0, (await fs.GetAttrAsync(file.Ino)).Size);
        Assert.Equal(Errno.ESTALE, statuses[^1]);
        Assert.All(statuses[..^1], s => Assert.Equal(Errno.Success, s));
        Assert.Equal(Errno.ESTALE, (await deaf.ExecuteAsync(new DirectOp(DirectOpKind.Read, f, 0, Block, b, 0, 3))).Errno);
        // Below the session, the device itself refuses the revoked tag.
        var late = await tag.Device.ReadTaggedAsync(tag, 0, sector, Block / tag.Device.SectorSize);
        Assert.Equal(IoStatus.TagRevoked, late.Status);
        output.WriteLine($"truncate waited {waited.TotalMilliseconds:F0} ms; deaf ops: {statuses.Count(s => s == Errno.Success)} landed before the fence, {statuses.Count(s => s == Errno.ESTALE)} stale");
        await fs.DisposeAsync();
    }

    [Fact(Timeout = 60_000)]
    public async Task TheRaceStaysCleanWithADeafSessionThatIsFencedOverAndOver()
    {
        var (fs, _) = await TestFs.CreateAsync(bytes: RaceRig.VolumeBytes, mount: RaceRig.Mount(breakTimeMs: 1000));
        var options = RaceRig.Options(nameof(TheRaceStaysCleanWithADeafSessionThatIsFencedOverAndOver), mutations: 3000, seconds: 5) with { DeafSession = true };
        var report = await RaceRig.RunAsync(output, fs, options);
        await fs.DisposeAsync();

        Assert.True(report.Passed, $"LAYERED_SEED={report.Seed}: {report}\n{string.Join('\n', report.ViolationSamples)}");
        Assert.True(report.Fences > 0 && report.StaleCompletions > 0, $"LAYERED_SEED={report.Seed}: the deaf session was never fenced: {report}");
    }
}
