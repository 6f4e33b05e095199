using System.Text;
using Layered.Fuse.Session;

namespace Layered.Fuse.Handlers;

/// <summary>FUSE_READLINK: the target's bytes, without a terminating NUL.</summary>
internal sealed class ReadlinkHandler : IFuseHandler
{
    public async ValueTask<FuseReply> HandleAsync(FuseSession session, FuseRequest request)
    {
        var target = await session.Fs.ReadLinkAsync(request.NodeId, request.Interrupted).ConfigureAwait(false);
        return FuseReply.Ok(Encoding.UTF8.GetBytes(target, request.Payload.Span));
    }
}
