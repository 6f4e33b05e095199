using Layered.Fs.Posix;
using Layered.Fuse.Protocol;
using Layered.Fuse.Session;

namespace Layered.Fuse.Handlers;

/// <summary>FUSE_SETATTR: chmod, chown, truncate and utimens in one request; only the FATTR_* fields named are changed.</summary>
internal sealed class SetattrHandler : IFuseHandler
{
    public async ValueTask<FuseReply> HandleAsync(FuseSession session, FuseRequest request)
    {
        var input = request.Reader().Read<FuseSetattrIn>();
        var changes = ToChanges(input) with { Drop = PrivilegeDrops.ForSetattr(session, input) };
        var attributes = await session.Fs.SetAttrAsync(request.NodeId, changes).ConfigureAwait(false);
        return FuseReply.Struct(request.Payload, FuseAttributes.AttrOut(attributes, session.Options));
    }

    internal static SetAttributes ToChanges(in FuseSetattrIn input)
    {
        var valid = input.Valid;
        return new SetAttributes
        {
            Mode = valid.HasFlag(FattrValid.FATTR_MODE) ? input.Mode : null,
            Uid = valid.HasFlag(FattrValid.FATTR_UID) ? input.Uid : null,
            Gid = valid.HasFlag(FattrValid.FATTR_GID) ? input.Gid : null,
            Size = valid.HasFlag(FattrValid.FATTR_SIZE) ? FuseOffsets.ToLong(input.Size, "size") : null,
            AccessNs = Time(valid, FattrValid.FATTR_ATIME, FattrValid.FATTR_ATIME_NOW, input.Atime, input.AtimeNsec),
            ModifyNs = Time(valid, FattrValid.FATTR_MTIME, FattrValid.FATTR_MTIME_NOW, input.Mtime, input.MtimeNsec),
            ChangeNs = valid.HasFlag(FattrValid.FATTR_CTIME) ? FuseAttributes.Join(input.Ctime, input.CtimeNsec) : null,
        };
    }

    private static long? Time(FattrValid valid, FattrValid set, FattrValid now, ulong seconds, uint nanoseconds) =>
        valid.HasFlag(now) ? SetAttributes.Now : valid.HasFlag(set) ? FuseAttributes.Join(seconds, nanoseconds) : null;
}
