using Layered.Fuse.Protocol;
using Layered.Fuse.Session;

namespace Layered.Fuse.Handlers;

/// <summary>FUSE_READ: straight into the reply buffer; a short reply means end of file.</summary>
internal sealed class ReadHandler : IFuseHandler
{
    public async ValueTask<FuseReply> HandleAsync(FuseSession session, FuseRequest request)
    {
        var input = request.Reader().Read<FuseReadIn>();
        var offset = FuseOffsets.ToLong(input.Offset, "read offset");
        var length = (int)Math.Min(input.Size, (uint)request.Payload.Length);
        var read = await session.Fs.ReadAsync(request.NodeId, offset, request.Payload[..length], request.Interrupted).ConfigureAwait(false);
        return FuseReply.Ok(read);
    }
}
