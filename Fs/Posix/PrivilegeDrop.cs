namespace Layered.Fs.Posix;

/// <summary>
/// What a write, truncate or chown takes away from a file, as the kernel's file_remove_privs
/// does for a local filesystem. A FUSE host that handles this itself (FUSE_HANDLE_KILLPRIV_V2)
/// says which parts apply: the kernel decides <see cref="SetId"/> from the caller's
/// capabilities; <see cref="Capabilities"/> goes with any such change.
/// </summary>
[Flags]
public enum PrivilegeDrop
{
    None = 0,

    /// <summary>Clear S_ISUID, and S_ISGID when the group may execute (a setgid bit without group execute marks mandatory locking, not privilege).</summary>
    SetId = 1,

    /// <summary>Remove the security.capability xattr (file capabilities).</summary>
    Capabilities = 2,
}
