namespace Layered.Fuse.Protocol;

/// <summary>enum fuse_uring_cmd: the cmd_op of an IORING_OP_URING_CMD on /dev/fuse.</summary>
public enum FuseUringCommand : uint
{
    /// <summary>Hands the kernel one entry's buffers; completes when a request has been copied into them.</summary>
    FUSE_IO_URING_CMD_REGISTER = 1,

    /// <summary>Commits the reply in the entry's buffers and waits for the entry's next request.</summary>
    FUSE_IO_URING_CMD_COMMIT_AND_FETCH = 2,
}
