using Layered.BlockStack.Uring;
using Layered.Fuse.Protocol;
using Layered.Fuse.Session;

namespace Layered.Fuse.Handlers;

/// <summary>
/// FUSE_FLUSH: sent on every close(2). There is nothing to flush: without writeback cache every
/// write already reached the filesystem, and we hold no POSIX locks to drop. ENOSYS tells the
/// kernel so once (it sets no_flush and closes without asking again), which saves a round trip
/// on every close; a close still returns 0.
/// </summary>
internal sealed class FlushHandler : IFuseHandler
{
    public ValueTask<FuseReply> HandleAsync(FuseSession session, FuseRequest request)
    {
        request.Reader().Read<FuseFlushIn>();
        return ValueTask.FromResult(FuseReply.Fail(Errno.ENOSYS));
    }
}
