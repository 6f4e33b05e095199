using Layered.BlockStack.Uring;
using Layered.Fuse.Protocol;
using Layered.Fuse.Session;

namespace Layered.Fuse.Handlers;

/// <summary>FUSE_RELEASE: the last close of an open file; an unlinked file is freed here if this was its last open.</summary>
internal sealed class ReleaseHandler : IFuseHandler
{
    public async ValueTask<FuseReply> HandleAsync(FuseSession session, FuseRequest request)
    {
        var input = request.Reader().Read<FuseReleaseIn>();
        if (!session.Handles.TryRemove(input.Fh, out var handle) || handle.Directory) return FuseReply.Fail(Errno.EBADF);
        await session.Fs.ReleaseAsync(handle.Ino).ConfigureAwait(false);
        return FuseReply.Empty;
    }
}
