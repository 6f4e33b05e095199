using Layered.BlockStack.Uring;
using Layered.Fs;
using Layered.Fuse.Handlers;
using Layered.Fuse.Protocol;
using Layered.Fuse.Session;
using static Layered.Fuse.Tests.FakeKernel.FakeKernel;

namespace Layered.Fuse.Tests.FakeKernel;

/// <summary>FUSE_INTERRUPT cancels a request still being served; one that is not being served is ignored.</summary>
public sealed class InterruptTests
{
    /// <summary>Holds every request until it is interrupted.</summary>
    private sealed class StuckHandler : IFuseHandler
    {
        public TaskCompletionSource Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public async ValueTask<FuseReply> HandleAsync(FuseSession session, FuseRequest request)
        {
            Started.TrySetResult();
            await Task.Delay(TimeSpan.FromSeconds(30), request.Interrupted);
            return FuseReply.Empty;
        }
    }

    [Fact(Timeout = 60000)]
    public async Task AnInterruptedRequestStillInFlightAnswersEintr()
    {
        await using var kernel = await StartAsync(threads: 2);
        var stuck = new StuckHandler();
        kernel.Session.Override(FuseOpcode.FUSE_STATFS, stuck);
        var unique = kernel.Send(FuseOpcode.FUSE_STATFS, FileSystem.RootIno, []);
        await stuck.Started.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(1, kernel.Session.Slots.InFlight);

        kernel.Send(FuseOpcode.FUSE_INTERRUPT, 0, Bytes(new FuseInterruptIn { Unique = unique }));
        Assert.Equal(Errno.EINTR, kernel.ReplyTo(unique).Error);
        Assert.Equal(0, kernel.Session.Slots.InFlight);
    }

    [Fact(Timeout = 60000)]
    public async Task AnInterruptThatArrivesBeforeItsRequestBeganStillCancelsIt()
    {
        // One worker, so the interrupt is read and served before the request it names begins,
        // as when another worker (or an io_uring entry's ring thread) is slower to begin it.
        await using var kernel = await StartAsync(threads: 1);
        var stuck = new StuckHandler();
        kernel.Session.Override(FuseOpcode.FUSE_STATFS, stuck);
        const ulong Request = 1_000_001;
        kernel.Channel.Send(Message(FuseOpcode.FUSE_INTERRUPT, Request - 1, 0, Bytes(new FuseInterruptIn { Unique = Request })));
        kernel.Channel.Send(Message(FuseOpcode.FUSE_STATFS, Request, FileSystem.RootIno, []));

        Assert.Equal(Errno.EINTR, kernel.ReplyTo(Request).Error);
        Assert.Equal(0, kernel.Session.Slots.InFlight);
        // Taken once: the next request is served as usual.
        kernel.Session.Override(FuseOpcode.FUSE_STATFS, new StatfsHandler());
        Assert.Equal(Errno.Success, kernel.Call(FuseOpcode.FUSE_STATFS, FileSystem.RootIno, []).Error);
    }

    [Fact(Timeout = 60000)]
    public async Task AnInterruptForARequestAlreadyAnsweredIsIgnored()
    {
        await using var kernel = await StartAsync(threads: 1);
        var unique = kernel.Send(FuseOpcode.FUSE_GETATTR, FileSystem.RootIno, new byte[16]);
        Assert.Equal(Errno.Success, kernel.ReplyTo(unique).Error);
        var interrupt = kernel.Send(FuseOpcode.FUSE_INTERRUPT, 0, Bytes(new FuseInterruptIn { Unique = unique }));
        var next = kernel.Send(FuseOpcode.FUSE_GETATTR, FileSystem.RootIno, new byte[16]);
        Assert.Equal(Errno.Success, kernel.ReplyTo(next).Error);
        Assert.Null(kernel.TryReplyTo(interrupt, TimeSpan.FromMilliseconds(100)));
    }
}
