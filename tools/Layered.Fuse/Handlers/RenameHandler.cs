using Layered.Fs.Posix;
using Layered.Fuse.Protocol;
using Layered.Fuse.Session;

namespace Layered.Fuse.Handlers;

/// <summary>FUSE_RENAME: plain rename(2), which replaces an existing target.</summary>
internal sealed class RenameHandler : IFuseHandler
{
    public ValueTask<FuseReply> HandleAsync(FuseSession session, FuseRequest request)
    {
        var reader = request.Reader();
        var input = reader.Read<FuseRenameIn>();
        return RenameAsync(session, request.NodeId, reader.ReadName(), input.NewDir, reader.ReadName(), RenameFlags.None);
    }

    internal static async ValueTask<FuseReply> RenameAsync(FuseSession session, ulong parent, string name, ulong newParent, string newName, RenameFlags flags)
    {
        await session.Fs.RenameAsync(parent, name, newParent, newName, flags).ConfigureAwait(false);
        return FuseReply.Empty;
    }
}
