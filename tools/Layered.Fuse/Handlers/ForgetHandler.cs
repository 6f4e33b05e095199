using Layered.Fuse.Protocol;
using Layered.Fuse.Session;
using Microsoft.Extensions.Logging;

namespace Layered.Fuse.Handlers;

/// <summary>FUSE_FORGET: the kernel drops references to one node. Never answered.</summary>
internal sealed class ForgetHandler : IFuseHandler
{
    public ValueTask<FuseReply> HandleAsync(FuseSession session, FuseRequest request)
    {
        var forget = request.Reader().Read<FuseForgetIn>();
        Forget(session, request.NodeId, forget.Nlookup);
        return ValueTask.FromResult(FuseReply.None);
    }

    public static void Forget(FuseSession session, ulong nodeId, ulong lookups)
    {
        if (!session.Nodes.Forget(nodeId, lookups))
            session.Logger?.LogWarning("the kernel forgot {Lookups} lookups of node {NodeId}, more than it was given", lookups, nodeId);
    }
}
