using Layered.BlockStack.Uring;
using Layered.Fs;
using Layered.Fuse.Protocol;
using Layered.Fuse.Session;
using static Layered.Fuse.Tests.FakeKernel.FakeKernel;

namespace Layered.Fuse.Tests.FakeKernel;

/// <summary>Raw requests from a fake kernel: negotiation, and malformed input that must cost one EINVAL, never the host.</summary>
public sealed class ProtocolEdgeTests
{
    [Fact(Timeout = 60000)]
    public async Task InitTakesTheLowerMinorAndOnlyTheFlagsWeWant()
    {
        await using var kernel = await StartAsync(init: false);
        var reply = kernel.Call(FuseOpcode.FUSE_INIT, 0, Bytes(new FuseInitIn { Major = 7, Minor = 45, MaxReadahead = 1 << 17, Flags = (FuseInitFlags)0xFFFF_FFFF }));
        Assert.Equal(Errno.Success, reply.Error);
        var init = reply.As<FuseInitOut>();
        Assert.Equal(7u, init.Major);
        Assert.Equal(FuseLimits.OurMinor, init.Minor);
        Assert.Equal((uint)FuseLimits.MaxWriteBytes, init.MaxWrite);
        Assert.Equal(FuseLimits.MaxPages, init.MaxPages);
        Assert.True(init.Flags.HasFlag(FuseInitFlags.FUSE_DO_READDIRPLUS) && init.Flags.HasFlag(FuseInitFlags.FUSE_ATOMIC_O_TRUNC) && init.Flags.HasFlag(FuseInitFlags.FUSE_MAX_PAGES));
        Assert.False(init.Flags.HasFlag(FuseInitFlags.FUSE_WRITEBACK_CACHE));
        Assert.False(init.Flags.HasFlag(FuseInitFlags.FUSE_EXPORT_SUPPORT));
        Assert.Equal(Errno.EIO, kernel.Call(FuseOpcode.FUSE_INIT, 0, Bytes(new FuseInitIn { Major = 7, Minor = 45 })).Error);
    }

    [Fact(Timeout = 60000)]
    public async Task IoUringIsDeclinedWithoutARealDeviceToRegisterOn()
    {
        // The session asks for io_uring and the kernel offers it, but the channel is no /dev/fuse
        // descriptor: INIT must not take it, or the kernel would wait for queues that never come.
        await using var kernel = await StartAsync(init: false, options: new FuseSessionOptions { IoUring = true });
        var offer = new FuseInitIn { Major = 7, Minor = 45, Flags = FuseInitFlags.FUSE_ASYNC_READ | FuseInitFlags.FUSE_INIT_EXT, Flags2 = (uint)FuseInitFlags2.FUSE_OVER_IO_URING };
        var init = kernel.Call(FuseOpcode.FUSE_INIT, 0, Bytes(offer)).As<FuseInitOut>();
        Assert.Equal(0u, init.Flags2);
        Assert.False(init.Flags.HasFlag(FuseInitFlags.FUSE_INIT_EXT));
        Assert.False(kernel.Session.Connection!.OverIoUring);
        await kernel.Session.Initialized.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Null(kernel.Session.Uring);
        Assert.StartsWith("/dev/fuse", kernel.Session.Transport);
    }

    [Theory(Timeout = 60000)]
    [InlineData(true, true, 0x41u)]   // FOPEN_DIRECT_IO | FOPEN_PARALLEL_DIRECT_WRITES
    [InlineData(true, false, 0u)]     // a buffered open keeps the page cache
    [InlineData(false, true, 0u)]     // without FUSE_DIRECT_IO_ALLOW_MMAP the open could not be mapped
    public async Task ODirectOpensAreAnsweredWithParallelDirectWritesOnlyWhenTheyCanStillBeMapped(bool allowMmap, bool direct, uint expected)
    {
        await using var kernel = await StartAsync(init: false);
        var offer = new FuseInitIn { Major = 7, Minor = 45, Flags = FuseInitFlags.FUSE_INIT_EXT, Flags2 = allowMmap ? (uint)FuseInitFlags2.FUSE_DIRECT_IO_ALLOW_MMAP : 0 };
        var init = kernel.Call(FuseOpcode.FUSE_INIT, 0, Bytes(offer)).As<FuseInitOut>();
        Assert.Equal(allowMmap ? (uint)FuseInitFlags2.FUSE_DIRECT_IO_ALLOW_MMAP : 0, init.Flags2);
        var flags = 2u | (direct ? Handlers.OpenHandler.O_DIRECT : 0); // O_RDWR
        var created = kernel.Call(FuseOpcode.FUSE_CREATE, FileSystem.RootIno, [.. Bytes(new FuseCreateIn { Mode = 0x81A4, Flags = flags }), .. Name("f")]);
        Assert.Equal(expected, System.Runtime.InteropServices.MemoryMarshal.Read<FuseOpenOut>(created.Payload.AsSpan(128)).OpenFlags);
        var nodeId = created.As<FuseEntryOut>().NodeId;
        Assert.Equal(expected, kernel.Call(FuseOpcode.FUSE_OPEN, nodeId, Bytes(new FuseOpenIn { Flags = flags })).As<FuseOpenOut>().OpenFlags);
    }

    [Fact(Timeout = 60000)]
    public async Task AnOlderKernelGetsItsOwnMinorAndOnlyFlagsItOffered()
    {
        await using var kernel = await StartAsync(init: false);
        var body = Bytes(new FuseInitIn { Major = 7, Minor = 27, Flags = FuseInitFlags.FUSE_ASYNC_READ | FuseInitFlags.FUSE_WRITEBACK_CACHE })[..FuseInitIn.MinSize];
        var reply = kernel.Call(FuseOpcode.FUSE_INIT, 0, body);
        var init = reply.As<FuseInitOut>();
        Assert.Equal(27u, init.Minor);
        Assert.Equal(FuseInitFlags.FUSE_ASYNC_READ, init.Flags);
    }

    [Fact(Timeout = 60000)]
    public async Task RequestsBeforeInitAreRefused()
    {
        await using var kernel = await StartAsync(init: false);
        Assert.Equal(Errno.EIO, kernel.Call(FuseOpcode.FUSE_GETATTR, FileSystem.RootIno, new byte[16]).Error);
    }

    [Fact(Timeout = 60000)]
    public async Task AnUnknownOpcodeGetsEnosys()
    {
        await using var kernel = await StartAsync();
        Assert.Equal(Errno.ENOSYS, kernel.Call((FuseOpcode)999, FileSystem.RootIno, []).Error);
        Assert.Equal(Errno.ENOSYS, kernel.Call(FuseOpcode.FUSE_IOCTL, FileSystem.RootIno, new byte[32]).Error);
        Assert.Equal(Errno.ENOSYS, kernel.Call(FuseOpcode.FUSE_STATX, FileSystem.RootIno, new byte[32]).Error);
    }

    [Fact(Timeout = 60000)]
    public async Task AHeaderTooShortForAUniqueIdIsDroppedAndTheHostServesOn()
    {
        await using var kernel = await StartAsync(threads: 1);
        kernel.Channel.Send(new byte[10]);
        var reply = kernel.Call(FuseOpcode.FUSE_GETATTR, FileSystem.RootIno, new byte[16]);
        Assert.Equal(Errno.Success, reply.Error);
        Assert.Empty(kernel.Channel.Replies);
    }

    [Fact(Timeout = 60000)]
    public async Task AHeaderShorterThanFortyBytesGetsEinval()
    {
        await using var kernel = await StartAsync();
        var message = Message(FuseOpcode.FUSE_GETATTR, 7, FileSystem.RootIno, [])[..24];
        kernel.Channel.Send(message);
        Assert.Equal(Errno.EINVAL, kernel.ReplyTo(7).Error);
    }

    [Fact(Timeout = 60000)]
    public async Task ALengthThatDisagreesWithTheMessageGetsEinval()
    {
        await using var kernel = await StartAsync();
        var message = Message(FuseOpcode.FUSE_GETATTR, 8, FileSystem.RootIno, new byte[16]);
        message[0] += 4;
        kernel.Channel.Send(message);
        Assert.Equal(Errno.EINVAL, kernel.ReplyTo(8).Error);
    }

    [Fact(Timeout = 60000)]
    public async Task TruncatedBodiesGetEinval()
    {
        await using var kernel = await StartAsync();
        Assert.Equal(Errno.EINVAL, kernel.Call(FuseOpcode.FUSE_GETATTR, FileSystem.RootIno, new byte[4]).Error);
        Assert.Equal(Errno.EINVAL, kernel.Call(FuseOpcode.FUSE_LOOKUP, FileSystem.RootIno, "no-nul"u8.ToArray()).Error);
        Assert.Equal(Errno.EINVAL, kernel.Call(FuseOpcode.FUSE_MKDIR, FileSystem.RootIno, Bytes(new FuseMkdirIn { Mode = 0x1ED })).Error);
        Assert.Equal(Errno.EINVAL, kernel.Call(FuseOpcode.FUSE_RENAME, FileSystem.RootIno, [.. Bytes(new FuseRenameIn { NewDir = 1 }), .. Name("a")]).Error);
        Assert.Equal(Errno.EINVAL, kernel.Call(FuseOpcode.FUSE_WRITE, FileSystem.RootIno, [.. Bytes(new FuseWriteIn { Size = 100 }), .. new byte[10]]).Error);
        Assert.Equal(Errno.EINVAL, kernel.Call(FuseOpcode.FUSE_SETXATTR, FileSystem.RootIno, [.. Bytes(new FuseSetxattrIn { Size = 50 }), .. Name("user.x"), 1, 2]).Error);
        Assert.Equal(Errno.EINVAL, kernel.Call(FuseOpcode.FUSE_READ, FileSystem.RootIno, [.. Bytes(new FuseReadIn { Offset = ulong.MaxValue, Size = 10 })]).Error);
        Assert.Equal(Errno.Success, kernel.Call(FuseOpcode.FUSE_GETATTR, FileSystem.RootIno, new byte[16]).Error);
    }

    [Fact(Timeout = 60000)]
    public async Task RandomGarbageNeverStopsTheHost()
    {
        await using var kernel = await StartAsync(threads: 2);
        var random = new Random(1234);
        for (var i = 0; i < 2000; i++)
        {
            var body = new byte[random.Next(0, 200)];
            random.NextBytes(body);
            // Every opcode but the ones that take the connection down or wait forever by design.
            var opcode = (FuseOpcode)random.Next(1, 60);
            if (opcode is FuseOpcode.FUSE_INIT or FuseOpcode.FUSE_DESTROY) continue;
            var unique = kernel.Send(opcode, (ulong)random.Next(0, 5), body);
            if (opcode is not (FuseOpcode.FUSE_FORGET or FuseOpcode.FUSE_BATCH_FORGET or FuseOpcode.FUSE_INTERRUPT)) kernel.ReplyTo(unique);
        }
        Assert.Equal(Errno.Success, kernel.Call(FuseOpcode.FUSE_GETATTR, FileSystem.RootIno, new byte[16]).Error);
    }
}
