using Layered.BlockStack.Uring;
using Layered.Fs.Posix;
using Layered.Fuse.Protocol;
using Layered.Fuse.Session;

namespace Layered.Fuse.Handlers;

/// <summary>FUSE_RENAME2: renameat2 with RENAME_NOREPLACE or RENAME_EXCHANGE; whiteouts are not ours to make.</summary>
internal sealed class Rename2Handler : IFuseHandler
{
    private const uint KnownFlags = (uint)(RenameFlags.NoReplace | RenameFlags.Exchange);

    public ValueTask<FuseReply> HandleAsync(FuseSession session, FuseRequest request)
    {
        var reader = request.Reader();
        var input = reader.Read<FuseRename2In>();
        var name = reader.ReadName();
        var newName = reader.ReadName();
        if ((input.Flags & ~KnownFlags) != 0) return ValueTask.FromResult(FuseReply.Fail(Errno.EINVAL));
        return RenameHandler.RenameAsync(session, request.NodeId, name, input.NewDir, newName, (RenameFlags)input.Flags);
    }
}
