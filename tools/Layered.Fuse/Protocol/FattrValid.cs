namespace Layered.Fuse.Protocol;

/// <summary>The FATTR_* bits of fuse_setattr_in.valid, with the kernel's values.</summary>
[Flags]
public enum FattrValid : uint
{
    None = 0,
    FATTR_MODE = 1u << 0,
    FATTR_UID = 1u << 1,
    FATTR_GID = 1u << 2,
    FATTR_SIZE = 1u << 3,
    FATTR_ATIME = 1u << 4,
    FATTR_MTIME = 1u << 5,
    FATTR_FH = 1u << 6,
    FATTR_ATIME_NOW = 1u << 7,
    FATTR_MTIME_NOW = 1u << 8,
    FATTR_LOCKOWNER = 1u << 9,
    FATTR_CTIME = 1u << 10,
    FATTR_KILL_SUIDGID = 1u << 11,
}
