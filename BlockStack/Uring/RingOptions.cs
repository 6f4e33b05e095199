using Layered.BlockStack.Uring.Native;

namespace Layered.BlockStack.Uring;

public sealed class RingOptions
{
    /// <summary>Submission queue entries, 1..4096, rounded up to a power of two. The CQ gets twice as many.</summary>
    public int Entries { get; init; } = 128;

    /// <summary>
    /// Run await continuations inline on the ring thread instead of the thread pool. Cheaper, but a
    /// continuation that blocks stalls every I/O on the ring. An await that captured a
    /// SynchronizationContext still posts to it; use ConfigureAwait(false) to get the inline path.
    /// </summary>
    public bool InlineCompletions { get; init; }

    /// <summary>
    /// Ask for IORING_SETUP_SINGLE_ISSUER | IORING_SETUP_DEFER_TASKRUN. Safe because one thread does all
    /// submitting, reaping and registering; falls back to plain flags on kernels that reject them.
    /// </summary>
    public bool SingleIssuer { get; init; } = true;

    /// <summary>
    /// 128-byte SQEs (IORING_SETUP_SQE128), which <see cref="Ring.UringCommandAsync"/> needs for its
    /// 80-byte command area. Every entry then costs twice the SQ memory.
    /// </summary>
    public bool LargeEntries { get; init; }

    /// <summary>
    /// Pin the ring thread to this CPU. Work the kernel completes for the ring in its task context
    /// then runs where the request was raised, e.g. FUSE over io_uring's per-CPU queues. Best effort:
    /// see <see cref="Ring.Pinned"/>.
    /// </summary>
    public int? Cpu { get; init; }

    /// <summary>
    /// After a completion, keep looking for the next one this many microseconds (yielding the CPU
    /// between looks) before sleeping in io_uring_enter. A request/response peer then finds this
    /// CPU busy instead of idle, and its wake-ups cost no idle exit; the price is that CPU while
    /// traffic flows. 0 (the default) never polls.
    /// </summary>
    public int PollMicroseconds { get; init; }

    /// <summary>Operations queued or in flight at once; beyond this a submit completes with -EAGAIN.</summary>
    public int MaxPendingOperations { get; init; } = 8192;

    /// <summary>How long Dispose waits for in-flight operations before cancelling them.</summary>
    public TimeSpan DisposeTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How long a register call from another thread waits for the ring thread to run it.</summary>
    public TimeSpan RegisterTimeout { get; init; } = TimeSpan.FromSeconds(30);

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(Entries, 1, nameof(Entries));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(Entries, 4096, nameof(Entries));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxPendingOperations, 1, nameof(MaxPendingOperations));
        ArgumentOutOfRangeException.ThrowIfNegative(PollMicroseconds, nameof(PollMicroseconds));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(PollMicroseconds, 1_000_000, nameof(PollMicroseconds));
        if (Cpu is int cpu)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(cpu, nameof(Cpu));
            ArgumentOutOfRangeException.ThrowIfGreaterThan(cpu, Interop.MaxCpu, nameof(Cpu));
        }
        ArgumentOutOfRangeException.ThrowIfGreaterThan(MaxPendingOperations, 1 << 20, nameof(MaxPendingOperations));
        ArgumentOutOfRangeException.ThrowIfLessThan(DisposeTimeout, TimeSpan.Zero, nameof(DisposeTimeout));
        ArgumentOutOfRangeException.ThrowIfLessThan(RegisterTimeout, TimeSpan.Zero, nameof(RegisterTimeout));
    }
}
