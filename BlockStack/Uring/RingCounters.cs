using Layered.BlockStack.Uring.Native;

namespace Layered.BlockStack.Uring;

/// <summary>
/// Monotonic counts of what the ring sent to the kernel. Only the ring thread writes them; readers
/// on other threads see each value atomically. Internal SQEs (eventfd wake reads, cancels) are not
/// counted as submitted operations.
/// </summary>
public sealed class RingCounters
{
    private readonly long[] _submittedByOpcode = new long[256];
    private long _enterCalls;
    private long _completed;

    /// <summary>Caller operations submitted with this IORING_OP_* opcode.</summary>
    public long Submitted(byte opcode) => Volatile.Read(ref _submittedByOpcode[opcode]);

    public long ReadSubmitted => Submitted(IoUringConstants.IORING_OP_READ);
    public long WriteSubmitted => Submitted(IoUringConstants.IORING_OP_WRITE);
    public long ReadFixedSubmitted => Submitted(IoUringConstants.IORING_OP_READ_FIXED);
    public long WriteFixedSubmitted => Submitted(IoUringConstants.IORING_OP_WRITE_FIXED);
    public long FsyncSubmitted => Submitted(IoUringConstants.IORING_OP_FSYNC);

    /// <summary>io_uring_enter syscalls made, including ones retried after EINTR.</summary>
    public long EnterCalls => Volatile.Read(ref _enterCalls);

    /// <summary>Caller operations completed by a CQE.</summary>
    public long Completed => Volatile.Read(ref _completed);

    internal void OnSubmitted(byte opcode) => Interlocked.Increment(ref _submittedByOpcode[opcode]);

    internal void OnEnter() => Interlocked.Increment(ref _enterCalls);

    internal void OnCompleted() => Interlocked.Increment(ref _completed);
}
