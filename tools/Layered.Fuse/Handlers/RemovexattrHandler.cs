using Layered.Fuse.Session;

namespace Layered.Fuse.Handlers;

/// <summary>FUSE_REMOVEXATTR: ENODATA for a name that is not there comes from the filesystem.</summary>
internal sealed class RemovexattrHandler : IFuseHandler
{
    public async ValueTask<FuseReply> HandleAsync(FuseSession session, FuseRequest request)
    {
        var name = request.Reader().ReadName();
        await session.Fs.RemoveXattrAsync(request.NodeId, name).ConfigureAwait(false);
        return FuseReply.Empty;
    }
}
