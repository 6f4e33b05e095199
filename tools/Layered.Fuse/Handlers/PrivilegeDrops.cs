using Layered.Fs.Posix;
using Layered.Fuse.Protocol;
using Layered.Fuse.Session;

namespace Layered.Fuse.Handlers;

/// <summary>
/// With FUSE_HANDLE_KILLPRIV_V2 the kernel leaves file_remove_privs to us: it says when the set-id
/// bits go (the caller lacks CAP_FSETID, or a chown), and file capabilities go with any write,
/// truncate or chown. Without it the kernel does all of this itself and we drop nothing.
/// </summary>
internal static class PrivilegeDrops
{
    /// <summary>fuse_write_in.write_flags: the writer lacks CAP_FSETID.</summary>
    public const uint FUSE_WRITE_KILL_SUIDGID = 1u << 2;

    /// <summary>fuse_open_in.open_flags: an O_TRUNC open by a caller without CAP_FSETID.</summary>
    public const uint FUSE_OPEN_KILL_SUIDGID = 1u << 0;

    public static PrivilegeDrop ForWrite(FuseSession session, in FuseWriteIn input) =>
        Handled(session) ? PrivilegeDrop.Capabilities | ((input.WriteFlags & FUSE_WRITE_KILL_SUIDGID) != 0 ? PrivilegeDrop.SetId : 0) : PrivilegeDrop.None;

    public static PrivilegeDrop ForTruncatingOpen(FuseSession session, in FuseOpenIn input) =>
        Handled(session) ? PrivilegeDrop.Capabilities | ((input.OpenFlags & FUSE_OPEN_KILL_SUIDGID) != 0 ? PrivilegeDrop.SetId : 0) : PrivilegeDrop.None;

    public static PrivilegeDrop ForSetattr(FuseSession session, in FuseSetattrIn input)
    {
        if (!Handled(session)) return PrivilegeDrop.None;
        var valid = input.Valid;
        var drop = valid.HasFlag(FattrValid.FATTR_KILL_SUIDGID) ? PrivilegeDrop.SetId : PrivilegeDrop.None;
        if ((valid & (FattrValid.FATTR_SIZE | FattrValid.FATTR_UID | FattrValid.FATTR_GID)) != 0) drop |= PrivilegeDrop.Capabilities;
        return drop;
    }

    private static bool Handled(FuseSession session) => (session.Connection?.Flags & FuseInitFlags.FUSE_HANDLE_KILLPRIV_V2) != 0;
}
