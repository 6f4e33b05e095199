using Layered.Fs.Posix;
using Layered.Fuse.Protocol;
using Layered.Fuse.Session;

namespace Layered.Fuse.Handlers;

/// <summary>FUSE_SETXATTR: the 8-byte header (no FUSE_SETXATTR_EXT), the name, then exactly size value bytes.</summary>
internal sealed class SetxattrHandler : IFuseHandler
{
    public async ValueTask<FuseReply> HandleAsync(FuseSession session, FuseRequest request)
    {
        var reader = request.Reader();
        var input = reader.Read<FuseSetxattrIn>();
        var name = reader.ReadName();
        if (input.Size > reader.RemainingBytes) throw new FuseProtocolException($"an xattr value of {input.Size} bytes carries only {reader.RemainingBytes}");
        var value = request.Body.Slice(reader.OffsetBytes, (int)input.Size);
        await session.Fs.SetXattrAsync(request.NodeId, name, value, (XattrFlags)input.Flags).ConfigureAwait(false);
        return FuseReply.Empty;
    }
}
