using Layered.Fuse.Protocol;
using Layered.Fuse.Session;

namespace Layered.Fuse.Handlers;

/// <summary>FUSE_STATFS: the filesystem's block and inode counts, in its block size.</summary>
internal sealed class StatfsHandler : IFuseHandler
{
    public async ValueTask<FuseReply> HandleAsync(FuseSession session, FuseRequest request)
    {
        var stats = await session.Fs.StatFsAsync(request.Interrupted).ConfigureAwait(false);
        var st = new FuseKstatfs
        {
            Blocks = (ulong)stats.TotalBlocks,
            Bfree = (ulong)stats.FreeBlocks,
            Bavail = (ulong)stats.AvailableBlocks,
            Files = (ulong)(stats.Files + stats.FreeFiles),
            Ffree = (ulong)stats.FreeFiles,
            Bsize = (uint)stats.BlockSize,
            Namelen = (uint)stats.NameMax,
            Frsize = (uint)stats.BlockSize,
        };
        return FuseReply.Struct(request.Payload, new FuseStatfsOut { St = st });
    }
}
