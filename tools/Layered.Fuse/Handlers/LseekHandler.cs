using Layered.BlockStack.Uring;
using Layered.Fs.Posix;
using Layered.Fuse.Protocol;
using Layered.Fuse.Session;

namespace Layered.Fuse.Handlers;

/// <summary>
/// FUSE_LSEEK: the kernel asks only for SEEK_DATA and SEEK_HOLE, which need the extent map; SEEK_SET
/// and SEEK_END are computed anyway so a peer asking for them gets a sane answer. SEEK_CUR has no
/// meaning here (the position lives in the kernel).
/// </summary>
internal sealed class LseekHandler : IFuseHandler
{
    private const uint SEEK_SET = 0;
    private const uint SEEK_END = 2;

    public async ValueTask<FuseReply> HandleAsync(FuseSession session, FuseRequest request)
    {
        var input = request.Reader().Read<FuseLseekIn>();
        var offset = FuseOffsets.ToLong(input.Offset, "seek offset");
        var fs = session.Fs;
        long position;
        switch (input.Whence)
        {
            case SEEK_SET: position = offset; break;
            case SEEK_END: position = (await fs.GetAttrAsync(request.NodeId, request.Interrupted).ConfigureAwait(false)).Size + offset; break;
            case (uint)SeekWhence.Data or (uint)SeekWhence.Hole:
                position = await fs.SeekAsync(request.NodeId, offset, (SeekWhence)input.Whence, request.Interrupted).ConfigureAwait(false);
                break;
            default: return FuseReply.Fail(Errno.EINVAL);
        }
        return FuseReply.Struct(request.Payload, new FuseLseekOut { Offset = (ulong)position });
    }
}
