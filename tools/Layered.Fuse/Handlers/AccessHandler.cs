using Layered.Fuse.Protocol;
using Layered.Fuse.Session;

namespace Layered.Fuse.Handlers;

/// <summary>
/// FUSE_ACCESS: with default_permissions the kernel checks modes itself and rarely asks; when it
/// does, the answer is "allowed" for a node that exists (and ENOENT from getattr otherwise).
/// </summary>
internal sealed class AccessHandler : IFuseHandler
{
    public async ValueTask<FuseReply> HandleAsync(FuseSession session, FuseRequest request)
    {
        request.Reader().Read<FuseAccessIn>();
        await session.Fs.GetAttrAsync(request.NodeId, request.Interrupted).ConfigureAwait(false);
        return FuseReply.Empty;
    }
}
