using Layered.BlockStack.Uring;
using Layered.Fuse.Protocol;
using Layered.Fuse.Session;

namespace Layered.Fuse.Handlers;

/// <summary>
/// FUSE_LOOKUP: a name in a directory. A missing name is an ENOENT reply, which the kernel does not
/// cache, or with a negative timeout an entry for node 0, which it caches that long (and counts no lookup).
/// </summary>
internal sealed class LookupHandler : IFuseHandler
{
    public async ValueTask<FuseReply> HandleAsync(FuseSession session, FuseRequest request)
    {
        var name = request.Reader().ReadName();
        var attributes = await session.Fs.LookupAsync(request.NodeId, name, request.Interrupted).ConfigureAwait(false);
        if (attributes is { } found) return FuseAttributes.ReplyEntry(session, request, found);
        var negative = session.Options.NegativeTimeout;
        if (negative <= TimeSpan.Zero) return FuseReply.Fail(Errno.ENOENT);
        var (seconds, nanoseconds) = FuseAttributes.Split(negative);
        return FuseReply.Struct(request.Payload, new FuseEntryOut { NodeId = 0, EntryValid = seconds, EntryValidNsec = nanoseconds });
    }
}
