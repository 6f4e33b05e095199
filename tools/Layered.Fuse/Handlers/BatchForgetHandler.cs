using Layered.Fuse.Protocol;
using Layered.Fuse.Session;

namespace Layered.Fuse.Handlers;

/// <summary>FUSE_BATCH_FORGET: many forgets in one message. Never answered, so a truncated batch is served as far as it parses.</summary>
internal sealed class BatchForgetHandler : IFuseHandler
{
    public ValueTask<FuseReply> HandleAsync(FuseSession session, FuseRequest request)
    {
        var reader = request.Reader();
        var batch = reader.Read<FuseBatchForgetIn>();
        for (var i = 0u; i < batch.Count; i++)
        {
            var one = reader.Read<FuseForgetOne>();
            ForgetHandler.Forget(session, one.NodeId, one.Nlookup);
        }
        return ValueTask.FromResult(FuseReply.None);
    }
}
