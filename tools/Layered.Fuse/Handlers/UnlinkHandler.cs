using Layered.Fuse.Session;

namespace Layered.Fuse.Handlers;

/// <summary>FUSE_UNLINK. An open file stays alive in the filesystem until its last release.</summary>
internal sealed class UnlinkHandler : IFuseHandler
{
    public async ValueTask<FuseReply> HandleAsync(FuseSession session, FuseRequest request)
    {
        var name = request.Reader().ReadName();
        await session.Fs.UnlinkAsync(request.NodeId, name).ConfigureAwait(false);
        return FuseReply.Empty;
    }
}
