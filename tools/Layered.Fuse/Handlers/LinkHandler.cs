using Layered.Fuse.Protocol;
using Layered.Fuse.Session;

namespace Layered.Fuse.Handlers;

/// <summary>FUSE_LINK: a new name, in the request's node, for an existing node.</summary>
internal sealed class LinkHandler : IFuseHandler
{
    public async ValueTask<FuseReply> HandleAsync(FuseSession session, FuseRequest request)
    {
        var reader = request.Reader();
        var input = reader.Read<FuseLinkIn>();
        var name = reader.ReadName();
        var attributes = await session.Fs.LinkAsync(input.OldNodeId, request.NodeId, name).ConfigureAwait(false);
        return FuseAttributes.ReplyEntry(session, request, attributes);
    }
}
