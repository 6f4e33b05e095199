using Layered.Fuse.Protocol;
using Layered.Fuse.Session;

namespace Layered.Fuse.Handlers;

/// <summary>
/// FUSE_INTERRUPT: cancels the named request's token if it is still being served. Handlers that
/// only read pass the token on and answer EINTR; handlers that change the filesystem ignore it and
/// finish, because a change cut off halfway is worse than one that completes (the kernel accepts
/// the late reply). An interrupt for a request we have not seen or already answered is dropped;
/// the kernel's request then completes normally. Never answered.
/// </summary>
internal sealed class InterruptHandler : IFuseHandler
{
    public ValueTask<FuseReply> HandleAsync(FuseSession session, FuseRequest request)
    {
        var input = request.Reader().Read<FuseInterruptIn>();
        session.Slots.Interrupt(input.Unique);
        return ValueTask.FromResult(FuseReply.None);
    }
}
