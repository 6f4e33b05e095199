using System.Diagnostics;
using Layered.BlockStack.Buffers;
using Layered.BlockStack.Uring;
using Layered.Fs;
using Layered.Fs.DirectIo;
using Layered.Leases;

namespace Layered.Fuse.Tests.Mounted;

/// <summary>A truncate through the mount meets a direct session's layout lease exactly as an in-process truncate does.</summary>
[RequiresFuseMounts]
public abstract class MountedLeaseTests(MountedTransport transport)
{
    private const int Block = 4096;

    [DeviceFact(Timeout = 60000)]
    public async Task ATruncateThroughTheMountRecallsTheSessionsLeaseBeforeItFreesBlocks()
    {
        await using var mounted = await MountedFs.StartAsync(transport);
        var path = mounted["leased"];
        await File.WriteAllBytesAsync(path, Enumerable.Repeat((byte)0x3C, 16 * Block).ToArray());
        var ino = await mounted.Fs.ResolveAsync("/leased");
        using var registry = new BufferRegistry();
        await using var session = new DirectSession(mounted.Fs, new DirectSessionOptions { Name = "fuse-test" });
        var buffer = session.RegisterBuffer(registry.Register(16 * Block));
        var file = await session.RegisterFileAsync(ino);
        Assert.True((await session.ExecuteAsync(new DirectOp(DirectOpKind.Read, file, 0, 16 * Block, buffer, 0, 1))).IsOk);

        using (var stream = new FileStream(path, FileMode.Open, FileAccess.ReadWrite)) stream.SetLength(Block);

        Assert.Equal(1, session.Counters.Recalls);
        Assert.Equal(0, mounted.Fs.Leases.Counters.Fences);
        Assert.Equal(Block, new FileInfo(path).Length);
        Assert.True((await session.ExecuteAsync(new DirectOp(DirectOpKind.Read, file, 0, 16 * Block, buffer, 0, 2))).IsOk);
        Assert.Equal(2, session.Counters.Acquires);
    }

    [DeviceFact(Timeout = 60000)]
    public async Task ATruncateThroughTheMountWaitsOutADeafHolderThenFencesIt()
    {
        var options = new FsMountOptions { CommitIntervalMs = 0, Leases = new LeaseOptions { BreakTime = TimeSpan.FromMilliseconds(500) } };
        await using var mounted = await MountedFs.StartAsync(transport, options: options);
        var path = mounted["deaf"];
        await File.WriteAllBytesAsync(path, new byte[8 * Block]);
        var ino = await mounted.Fs.ResolveAsync("/deaf");
        using var registry = new BufferRegistry();
        await using var deaf = new DirectSession(mounted.Fs, new DirectSessionOptions { Name = "deaf", IgnoreRecalls = true });
        var buffer = deaf.RegisterBuffer(registry.Register(8 * Block));
        var file = await deaf.RegisterFileAsync(ino);

        var clock = Stopwatch.StartNew();
        await Task.Run(() =>
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.ReadWrite);
            stream.SetLength(0);
        });
        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(450), $"the truncate returned after {clock.ElapsedMilliseconds} ms, before the break time");
        Assert.Equal(1, mounted.Fs.Leases.Counters.Fences);
        Assert.Equal(0, new FileInfo(path).Length);
        var late = await deaf.ExecuteAsync(new DirectOp(DirectOpKind.Write, file, 0, Block, buffer, 0, 3));
        Assert.Equal(Errno.ESTALE, late.Errno);
    }
}
