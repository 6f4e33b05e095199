using Layered.Fuse.Session;

namespace Layered.Fuse.Handlers;

/// <summary>FUSE_SYMLINK: the body is the new name, then the target, each NUL-terminated.</summary>
internal sealed class SymlinkHandler : IFuseHandler
{
    public async ValueTask<FuseReply> HandleAsync(FuseSession session, FuseRequest request)
    {
        var reader = request.Reader();
        var name = reader.ReadName();
        var target = reader.ReadName();
        var header = request.Header;
        var attributes = await session.Fs.SymlinkAsync(request.NodeId, name, target, header.Uid, header.Gid).ConfigureAwait(false);
        return FuseAttributes.ReplyEntry(session, request, attributes);
    }
}
