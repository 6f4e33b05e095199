using Layered.Fuse.Session;

namespace Layered.Fuse.Handlers;

/// <summary>FUSE_RMDIR: ENOTEMPTY comes from the filesystem.</summary>
internal sealed class RmdirHandler : IFuseHandler
{
    public async ValueTask<FuseReply> HandleAsync(FuseSession session, FuseRequest request)
    {
        var name = request.Reader().ReadName();
        await session.Fs.RmdirAsync(request.NodeId, name).ConfigureAwait(false);
        return FuseReply.Empty;
    }
}
