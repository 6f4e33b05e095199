namespace Layered.Fuse.Protocol;

/// <summary>The low 32 INIT flag bits (FUSE_ASYNC_READ ...), with the kernel's values.</summary>
[Flags]
public enum FuseInitFlags : uint
{
    None = 0,
    FUSE_ASYNC_READ = 1u << 0,
    FUSE_POSIX_LOCKS = 1u << 1,
    FUSE_FILE_OPS = 1u << 2,
    FUSE_ATOMIC_O_TRUNC = 1u << 3,
    FUSE_EXPORT_SUPPORT = 1u << 4,
    FUSE_BIG_WRITES = 1u << 5,
    FUSE_DONT_MASK = 1u << 6,
    FUSE_SPLICE_WRITE = 1u << 7,
    FUSE_SPLICE_MOVE = 1u << 8,
    FUSE_SPLICE_READ = 1u << 9,
    FUSE_FLOCK_LOCKS = 1u << 10,
    FUSE_HAS_IOCTL_DIR = 1u << 11,
    FUSE_AUTO_INVAL_DATA = 1u << 12,
    FUSE_DO_READDIRPLUS = 1u << 13,
    FUSE_READDIRPLUS_AUTO = 1u << 14,
    FUSE_ASYNC_DIO = 1u << 15,
    FUSE_WRITEBACK_CACHE = 1u << 16,
    FUSE_NO_OPEN_SUPPORT = 1u << 17,
    FUSE_PARALLEL_DIROPS = 1u << 18,
    FUSE_HANDLE_KILLPRIV = 1u << 19,
    FUSE_POSIX_ACL = 1u << 20,
    FUSE_ABORT_ERROR = 1u << 21,
    FUSE_MAX_PAGES = 1u << 22,
    FUSE_CACHE_SYMLINKS = 1u << 23,
    FUSE_NO_OPENDIR_SUPPORT = 1u << 24,
    FUSE_EXPLICIT_INVAL_DATA = 1u << 25,
    FUSE_MAP_ALIGNMENT = 1u << 26,
    FUSE_SUBMOUNTS = 1u << 27,
    FUSE_HANDLE_KILLPRIV_V2 = 1u << 28,
    FUSE_SETXATTR_EXT = 1u << 29,
    FUSE_INIT_EXT = 1u << 30,
}
