using Layered.Fuse.Protocol;
using Layered.Fuse.Session;

namespace Layered.Fuse.Handlers;

/// <summary>FUSE_WRITE: the data follows fuse_write_in in the request; a body shorter than the size it claims is EINVAL.</summary>
internal sealed class WriteHandler : IFuseHandler
{
    public async ValueTask<FuseReply> HandleAsync(FuseSession session, FuseRequest request)
    {
        var reader = request.Reader();
        var input = reader.Read<FuseWriteIn>();
        var offset = FuseOffsets.ToLong(input.Offset, "write offset");
        if (input.Size > reader.RemainingBytes) throw new FuseProtocolException($"a write of {input.Size} bytes carries only {reader.RemainingBytes}");
        var data = request.Body.Slice(reader.OffsetBytes, (int)input.Size);
        var written = await session.Fs.WriteAsync(request.NodeId, offset, data, drop: PrivilegeDrops.ForWrite(session, input)).ConfigureAwait(false);
        return FuseReply.Struct(request.Payload, new FuseWriteOut { Size = (uint)written });
    }
}
