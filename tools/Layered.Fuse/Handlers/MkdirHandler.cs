using Layered.Fs.Posix;
using Layered.Fuse.Protocol;
using Layered.Fuse.Session;

namespace Layered.Fuse.Handlers;

/// <summary>FUSE_MKDIR. The mode arrives umask-applied; the caller's uid and gid own the directory.</summary>
internal sealed class MkdirHandler : IFuseHandler
{
    public async ValueTask<FuseReply> HandleAsync(FuseSession session, FuseRequest request)
    {
        var reader = request.Reader();
        var input = reader.Read<FuseMkdirIn>();
        var name = reader.ReadName();
        var header = request.Header;
        var attributes = await session.Fs.MkdirAsync(request.NodeId, name, input.Mode & UnixMode.PermissionBits, header.Uid, header.Gid).ConfigureAwait(false);
        return FuseAttributes.ReplyEntry(session, request, attributes);
    }
}
