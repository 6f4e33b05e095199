using Layered.Fs.Posix;
using Layered.Fuse.Protocol;
using Layered.Fuse.Session;

namespace Layered.Fuse.Handlers;

/// <summary>FUSE_FALLOCATE: the falloc.h mode bits pass through; the filesystem refuses the ones it does not know.</summary>
internal sealed class FallocateHandler : IFuseHandler
{
    public async ValueTask<FuseReply> HandleAsync(FuseSession session, FuseRequest request)
    {
        var input = request.Reader().Read<FuseFallocateIn>();
        var offset = FuseOffsets.ToLong(input.Offset, "fallocate offset");
        var length = FuseOffsets.ToLong(input.Length, "fallocate length");
        await session.Fs.FallocateAsync(request.NodeId, (FallocateMode)input.Mode, offset, length).ConfigureAwait(false);
        return FuseReply.Empty;
    }
}
