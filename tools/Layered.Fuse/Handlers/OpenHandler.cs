using Layered.Fs.Posix;
using Layered.Fuse.Protocol;
using Layered.Fuse.Session;

namespace Layered.Fuse.Handlers;

/// <summary>
/// FUSE_OPEN: counts the open in the filesystem (so an unlinked file lives until release) and
/// hands out a new fh. With FUSE_ATOMIC_O_TRUNC the kernel leaves O_TRUNC to us.
/// </summary>
internal sealed class OpenHandler : IFuseHandler
{
    internal const uint O_TRUNC = 0x200;

    public async ValueTask<FuseReply> HandleAsync(FuseSession session, FuseRequest request)
    {
        var input = request.Reader().Read<FuseOpenIn>();
        var ino = request.NodeId;
        if ((input.Flags & O_TRUNC) != 0) await session.Fs.SetAttrAsync(ino, new SetAttributes { Size = 0, Drop = PrivilegeDrops.ForTruncatingOpen(session, input) }).ConfigureAwait(false);
        var fh = await OpenAsync(session, ino).ConfigureAwait(false);
        return FuseReply.Struct(request.Payload, new FuseOpenOut { Fh = fh });
    }

    internal static async ValueTask<ulong> OpenAsync(FuseSession session, ulong ino)
    {
        await session.Fs.OpenAsync(ino).ConfigureAwait(false);
        return session.Handles.Add(new OpenHandle(ino, Directory: false));
    }
}
