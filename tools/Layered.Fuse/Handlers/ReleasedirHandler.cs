using Layered.BlockStack.Uring;
using Layered.Fuse.Protocol;
using Layered.Fuse.Session;

namespace Layered.Fuse.Handlers;

/// <summary>FUSE_RELEASEDIR.</summary>
internal sealed class ReleasedirHandler : IFuseHandler
{
    public ValueTask<FuseReply> HandleAsync(FuseSession session, FuseRequest request)
    {
        var input = request.Reader().Read<FuseReleaseIn>();
        var known = session.Handles.TryRemove(input.Fh, out var handle) && handle.Directory;
        return ValueTask.FromResult(known ? FuseReply.Empty : FuseReply.Fail(Errno.EBADF));
    }
}
