using Layered.Fuse.Protocol;
using Layered.Fuse.Session;

namespace Layered.Fuse.Handlers;

/// <summary>FUSE_FSYNC and FUSE_FSYNCDIR: FUSE_FSYNC_FDATASYNC asks only for the data and what finding it needs.</summary>
internal sealed class FsyncHandler : IFuseHandler
{
    private const uint FUSE_FSYNC_FDATASYNC = 1;

    public async ValueTask<FuseReply> HandleAsync(FuseSession session, FuseRequest request)
    {
        var input = request.Reader().Read<FuseFsyncIn>();
        await session.Fs.FsyncAsync(request.NodeId, dataOnly: (input.FsyncFlags & FUSE_FSYNC_FDATASYNC) != 0).ConfigureAwait(false);
        return FuseReply.Empty;
    }
}
