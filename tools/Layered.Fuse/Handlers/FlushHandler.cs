using Layered.Fuse.Protocol;
using Layered.Fuse.Session;

namespace Layered.Fuse.Handlers;

/// <summary>FUSE_FLUSH: sent on every close(2). There is nothing to flush: without writeback cache every write already reached the filesystem.</summary>
internal sealed class FlushHandler : IFuseHandler
{
    public ValueTask<FuseReply> HandleAsync(FuseSession session, FuseRequest request)
    {
        request.Reader().Read<FuseFlushIn>();
        return ValueTask.FromResult(FuseReply.Empty);
    }
}
