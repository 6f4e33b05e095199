using Layered.BlockStack.Buffers;
using Layered.BlockStack.Uring;
using Layered.Fs.DirectIo;
using Layered.Fs.Posix;
using Layered.Fs.Tests.Posix;
using Layered.Leases;

namespace Layered.Fs.Tests.DirectIo;

public sealed class DirectSessionTests
{
    private const int Block = 4096;

    [Fact(Timeout = 30000)]
    public async Task AWrittenRangeReadsBackThroughTheSessionAndTheFilesystemAndAHoleReadsAsZeros()
    {
        var (fs, _) = await TestFs.CreateAsync();
        using var registry = new BufferRegistry();
        var buffer = registry.Register(64 * 1024);
        var file = await fs.CreateAsync(FileSystem.RootIno, "f", 0x1A4, 0, 0);
        await using var session = new DirectSession(fs);
        var b = session.RegisterBuffer(buffer);
        var f = await session.RegisterFileAsync(file.Ino);
        new Random(3).NextBytes(buffer.Span[..(2 * Block)]);
        var expected = buffer.Span[..(2 * Block)].ToArray();
        var done = await session.SubmitAsync([new DirectOp(DirectOpKind.Write, f, 8 * Block, 2 * Block, b, 0, 7)]);
        Assert.True(done[0].IsOk, done[0].ToString());
        Assert.Equal(7UL, done[0].UserData);

        var viaFs = new byte[2 * Block];
        Assert.Equal(2 * Block, await fs.ReadAsync(file.Ino, 8 * Block, viaFs));
        Assert.Equal(expected, viaFs);
        Assert.Equal(10L * Block, (await fs.GetAttrAsync(file.Ino)).Size);

        buffer.Span.Fill(0xEE);
        var reads = await session.SubmitAsync([
            new DirectOp(DirectOpKind.Read, f, 8 * Block, 2 * Block, b, 4 * Block, 1),
            new DirectOp(DirectOpKind.Read, f, 0, Block, b, 0, 2)]);
        Assert.All(reads, r => Assert.True(r.IsOk, r.ToString()));
        Assert.Equal(expected, buffer.Span.Slice(4 * Block, 2 * Block).ToArray());
        Assert.True(buffer.Span[..Block].IndexOfAnyExcept((byte)0) < 0);
        await fs.DisposeAsync();
    }

    [Fact(Timeout = 30000)]
    public async Task BadOpsGetTheErrnoAUserExpects()
    {
        var (fs, _) = await TestFs.CreateAsync();
        using var registry = new BufferRegistry();
        var file = await fs.CreateAsync(FileSystem.RootIno, "f", 0x1A4, 0, 0);
        await using var session = new DirectSession(fs);
        var b = session.RegisterBuffer(registry.Register(8 * Block));
        var f = await session.RegisterFileAsync(file.Ino);
        var done = await session.SubmitAsync([
            new DirectOp(DirectOpKind.Read, f + 5, 0, Block, b, 0, 1),
            new DirectOp(DirectOpKind.Read, f, 0, Block, b, 8 * Block, 2),
            new DirectOp(DirectOpKind.Read, f, 100, Block, b, 0, 3),
            new DirectOp(DirectOpKind.Write, f, 0, 100, b, 0, 4)]);
        Assert.Equal([Errno.EBADF, Errno.EFAULT, Errno.EINVAL, Errno.EINVAL], done.Select(d => d.Errno));
        Assert.All(done, d => Assert.True(d.Result < 0));
        await fs.DisposeAsync();
    }

    [Fact(Timeout = 30000)]
    public async Task TruncateRecallsACooperativeSessionWhichReacquiresBehindIt()
    {
        var (fs, _) = await TestFs.CreateAsync();
        using var registry = new BufferRegistry();
        var file = await fs.CreateAsync(FileSystem.RootIno, "f", 0x1A4, 0, 0);
        await fs.WriteAsync(file.Ino, 0, Enumerable.Repeat((byte)0x5A, 16 * Block).ToArray());
        await using var session = new DirectSession(fs);
        var buffer = registry.Register(16 * Block);
        var b = session.RegisterBuffer(buffer);
        var f = await session.RegisterFileAsync(file.Ino);
        Assert.True((await session.ExecuteAsync(new DirectOp(DirectOpKind.Read, f, 0, 16 * Block, b, 0, 1))).IsOk);

        await fs.SetAttrAsync(file.Ino, new SetAttributes { Size = 4 * Block });
        Assert.Equal(1, session.Counters.Recalls);
        Assert.Equal(1, fs.Leases.Counters.Breaks);

        buffer.Span.Fill(0xEE);
        var read = await session.ExecuteAsync(new DirectOp(DirectOpKind.Read, f, 0, 16 * Block, b, 0, 2));
        Assert.True(read.IsOk, read.ToString());
        Assert.Equal(2, session.Counters.Acquires);
        Assert.True(buffer.Span[..(4 * Block)].IndexOfAnyExcept((byte)0x5A) < 0);
        Assert.True(buffer.Span[(4 * Block)..].IndexOfAnyExcept((byte)0) < 0, "blocks past the new end must read as a hole");
        await fs.DisposeAsync();
    }

    [Fact(Timeout = 30000)]
    public async Task AHolderThatIgnoresRecallsIsFencedAndItsLateIoIsStaleThenTheTruncateCompletes()
    {
        var mount = new FsMountOptions { CommitIntervalMs = 0, Leases = new LeaseOptions { BreakTime = TimeSpan.FromMilliseconds(300) } };
        var (fs, _) = await TestFs.CreateAsync(mount: mount);
        using var registry = new BufferRegistry();
        var file = await fs.CreateAsync(FileSystem.RootIno, "f", 0x1A4, 0, 0);
        await fs.WriteAsync(file.Ino, 0, new byte[8 * Block]);
        await using var deaf = new DirectSession(fs, new DirectSessionOptions { Name = "deaf", IgnoreRecalls = true });
        var b = deaf.RegisterBuffer(registry.Register(8 * Block));
        var f = await deaf.RegisterFileAsync(file.Ino);
        Assert.True((await deaf.ExecuteAsync(new DirectOp(DirectOpKind.Read, f, 0, 8 * Block, b, 0, 1))).IsOk);

        var started = DateTime.UtcNow;
        await fs.SetAttrAsync(file.Ino, new SetAttributes { Size = 0 });
        Assert.True(DateTime.UtcNow - started >= TimeSpan.FromMilliseconds(250), "the truncate must wait out the break time");
        Assert.Equal(1, fs.Leases.Counters.Fences);
        Assert.Equal(0, (await fs.GetAttrAsync(file.Ino)).Size);

        var late = await deaf.ExecuteAsync(new DirectOp(DirectOpKind.Write, f, 0, Block, b, 0, 2));
        Assert.Equal(Errno.ESTALE, late.Errno);
        await fs.DisposeAsync();
    }
}
