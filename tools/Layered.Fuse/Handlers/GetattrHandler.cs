using Layered.Fuse.Protocol;
using Layered.Fuse.Session;

namespace Layered.Fuse.Handlers;

/// <summary>FUSE_GETATTR: attributes by node; the handle, when the kernel passes one, names the same inode.</summary>
internal sealed class GetattrHandler : IFuseHandler
{
    public async ValueTask<FuseReply> HandleAsync(FuseSession session, FuseRequest request)
    {
        request.Reader().Read<FuseGetattrIn>();
        var attributes = await session.Fs.GetAttrAsync(request.NodeId, request.Interrupted).ConfigureAwait(false);
        return FuseReply.Struct(request.Payload, FuseAttributes.AttrOut(attributes, session.Options));
    }
}
