using Layered.Fuse.Protocol;
using Layered.Fuse.Session;

namespace Layered.Fuse.Handlers;

/// <summary>FUSE_MKNOD: fifos, sockets, device nodes and regular files made without open. The mode arrives umask-applied.</summary>
internal sealed class MknodHandler : IFuseHandler
{
    public async ValueTask<FuseReply> HandleAsync(FuseSession session, FuseRequest request)
    {
        var reader = request.Reader();
        var input = reader.Read<FuseMknodIn>();
        var name = reader.ReadName();
        var header = request.Header;
        var attributes = await session.Fs.MknodAsync(request.NodeId, name, input.Mode, input.Rdev, header.Uid, header.Gid).ConfigureAwait(false);
        return FuseAttributes.ReplyEntry(session, request, attributes);
    }
}
