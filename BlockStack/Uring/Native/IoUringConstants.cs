namespace Layered.BlockStack.Uring.Native;

/// <summary>Values from include/uapi/linux/io_uring.h (and RWF_* from include/uapi/linux/fs.h).</summary>
internal static class IoUringConstants
{
    // enum io_uring_op (only the opcodes this ring issues).
    internal const byte IORING_OP_FSYNC = 3;
    internal const byte IORING_OP_READ_FIXED = 4;
    internal const byte IORING_OP_WRITE_FIXED = 5;
    internal const byte IORING_OP_ASYNC_CANCEL = 14;
    internal const byte IORING_OP_READ = 22;
    internal const byte IORING_OP_WRITE = 23;
    internal const byte IORING_OP_URING_CMD = 46;

    // io_uring_setup(2) flags.
    internal const uint IORING_SETUP_CQSIZE = 1U << 3;
    internal const uint IORING_SETUP_COOP_TASKRUN = 1U << 8;
    internal const uint IORING_SETUP_SQE128 = 1U << 10;
    internal const uint IORING_SETUP_SINGLE_ISSUER = 1U << 12;
    internal const uint IORING_SETUP_DEFER_TASKRUN = 1U << 13;

    // io_uring_params.features.
    internal const uint IORING_FEAT_SINGLE_MMAP = 1U << 0;
    internal const uint IORING_FEAT_NODROP = 1U << 1;
    internal const uint IORING_FEAT_EXT_ARG = 1U << 8;

    // io_uring_enter(2) flags.
    internal const uint IORING_ENTER_GETEVENTS = 1U << 0;
    internal const uint IORING_ENTER_EXT_ARG = 1U << 3;

    // io_uring_register(2) opcodes.
    internal const uint IORING_REGISTER_FILES_UPDATE = 6;
    internal const uint IORING_REGISTER_FILES2 = 13;
    internal const uint IORING_REGISTER_BUFFERS2 = 15;
    internal const uint IORING_REGISTER_BUFFERS_UPDATE = 16;
    internal const uint IORING_RSRC_REGISTER_SPARSE = 1U << 0;

    // io_uring_sqe.flags.
    internal const byte IOSQE_FIXED_FILE = 1 << 0;

    // io_uring_sqe.fsync_flags, io_uring_sqe.rw_flags, io_uring_sqe.cancel_flags.
    internal const uint IORING_FSYNC_DATASYNC = 1U << 0;
    internal const uint RWF_DSYNC = 0x00000002;
    internal const uint IORING_ASYNC_CANCEL_ALL = 1U << 0;
    internal const uint IORING_ASYNC_CANCEL_ANY = 1U << 2;

    // mmap(2) offsets of the ring regions.
    internal const long IORING_OFF_SQ_RING = 0;
    internal const long IORING_OFF_CQ_RING = 0x8000000;
    internal const long IORING_OFF_SQES = 0x10000000;
}
