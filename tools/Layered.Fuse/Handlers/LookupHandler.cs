using Layered.BlockStack.Uring;
using Layered.Fuse.Session;

namespace Layered.Fuse.Handlers;

/// <summary>FUSE_LOOKUP: a name in a directory. A missing name is an ENOENT reply (the kernel does not cache it).</summary>
internal sealed class LookupHandler : IFuseHandler
{
    public async ValueTask<FuseReply> HandleAsync(FuseSession session, FuseRequest request)
    {
        var name = request.Reader().ReadName();
        var attributes = await session.Fs.LookupAsync(request.NodeId, name, request.Interrupted).ConfigureAwait(false);
        return attributes is { } found ? FuseAttributes.ReplyEntry(session, request, found) : FuseReply.Fail(Errno.ENOENT);
    }
}
