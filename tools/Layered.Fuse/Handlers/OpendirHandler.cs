using Layered.BlockStack.Uring;
using Layered.Fuse.Protocol;
using Layered.Fuse.Session;

namespace Layered.Fuse.Handlers;

/// <summary>FUSE_OPENDIR: a handle for readdir. Directory cookies are stable, so the handle holds no listing state.</summary>
internal sealed class OpendirHandler : IFuseHandler
{
    public async ValueTask<FuseReply> HandleAsync(FuseSession session, FuseRequest request)
    {
        request.Reader().Read<FuseOpenIn>();
        var attributes = await session.Fs.GetAttrAsync(request.NodeId, request.Interrupted).ConfigureAwait(false);
        if (!attributes.IsDirectory) return FuseReply.Fail(Errno.ENOTDIR);
        var fh = session.Handles.Add(new OpenHandle(request.NodeId, Directory: true));
        return FuseReply.Struct(request.Payload, new FuseOpenOut { Fh = fh });
    }
}
