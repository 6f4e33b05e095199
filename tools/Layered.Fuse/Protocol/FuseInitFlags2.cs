namespace Layered.Fuse.Protocol;

/// <summary>
/// fuse_init_in.flags2 / fuse_init_out.flags2: INIT flags 32..63, read only when
/// <see cref="FuseInitFlags.FUSE_INIT_EXT"/> is set. Bit n here is (1ULL &lt;&lt; (32 + n)) in the kernel header.
/// </summary>
[Flags]
public enum FuseInitFlags2 : uint
{
    None = 0,

    /// <summary>FUSE_DIRECT_IO_ALLOW_MMAP (1ULL &lt;&lt; 36): mmap on FOPEN_DIRECT_IO files, and page cache write-back and invalidation around their direct writes.</summary>
    FUSE_DIRECT_IO_ALLOW_MMAP = 1u << 4,

    /// <summary>FUSE_OVER_IO_URING (1ULL &lt;&lt; 41): requests may be served through io_uring commands on /dev/fuse.</summary>
    FUSE_OVER_IO_URING = 1u << 9,
}
