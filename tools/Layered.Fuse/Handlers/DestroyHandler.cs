using Layered.Fuse.Session;

namespace Layered.Fuse.Handlers;

/// <summary>FUSE_DESTROY: the kernel is tearing the connection down; the session ends when reads report it gone.</summary>
internal sealed class DestroyHandler : IFuseHandler
{
    public ValueTask<FuseReply> HandleAsync(FuseSession session, FuseRequest request)
    {
        session.Destroyed = true;
        return ValueTask.FromResult(FuseReply.Empty);
    }
}
