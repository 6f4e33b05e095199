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
        ArgumentOutOfRangeException.ThrowIfGreaterThan(MaxPendingOperations, 1 << 20, nameof(MaxPendingOperations));
        ArgumentOutOfRangeException.ThrowIfLessThan(DisposeTimeout, TimeSpan.Zero, nameof(DisposeTimeout));
        ArgumentOutOfRangeException.ThrowIfLessThan(RegisterTimeout, TimeSpan.Zero, nameof(RegisterTimeout));
    }
}
