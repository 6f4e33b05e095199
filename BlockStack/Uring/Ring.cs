using System.Collections.Concurrent;
using Microsoft.Win32.SafeHandles;

namespace Layered.BlockStack.Uring;

/// <summary>
/// An io_uring instance driven by one dedicated thread, which alone sets it up, submits, reaps and
/// registers. Other threads hand it work through lock-free queues; see Ring.Loop.cs for the cycle.
/// </summary>
public sealed unsafe partial class Ring : IDisposable
{
    /// <summary>CQE slots kept back for the eventfd wake read and the shutdown cancel.</summary>
    private const int ReservedCqes = 2;
    private const ulong WakeReadUserData = ulong.MaxValue;
    private const ulong CancelAllUserData = ulong.MaxValue - 1;

    private static int s_ringCount;

    private readonly RingOptions _options;
    private readonly OperationPool _pool;
    private readonly ConcurrentQueue<RingOperation> _submissions = new();
    private readonly ConcurrentQueue<RingThreadRequest> _requests = new();
    private readonly InFlightTable _inFlight;
    private readonly uint _sqEntries;
    private readonly uint _cqEntries;
    private readonly Thread _thread;
    private readonly ManualResetEventSlim _setupDone = new();

    // Shared with submitters.
    private int _sleeping;
    private int _disposeRequested;
    private int _disposeCalled;
    private int _pendingOperations;

    // Owned by the ring thread once it starts.
    private int _ringThreadId;
    private Errno _setupError;
    private int _ringFd = -1;
    private SafeFileHandle? _eventFd;
    private ulong* _wakeBuffer;
    private NativeMapping _sqRingMapping;
    private NativeMapping _cqRingMapping;
    private NativeMapping _sqesMapping;
    private SubmissionQueue _sq;
    private CompletionQueue _cq;

    private Ring(RingOptions options)
    {
        _options = options;
        _sqEntries = System.Numerics.BitOperations.RoundUpToPowerOf2((uint)options.Entries);
        _cqEntries = 2 * _sqEntries;
        _inFlight = new InFlightTable((int)_cqEntries - ReservedCqes);
        _pool = new OperationPool(options.MaxPendingOperations, options.InlineCompletions);
        _thread = new Thread(ThreadMain)
        {
            IsBackground = true,
            Name = $"uring-{Interlocked.Increment(ref s_ringCount)}",
        };
    }

    public RingCounters Counters { get; } = new();

    public int SubmissionEntries => (int)_sqEntries;

    public int CompletionEntries => (int)_cqEntries;

    /// <summary>The most operations the kernel holds at once; further ones wait in the queue.</summary>
    public int MaxInFlight => _inFlight.Capacity;

    /// <summary>Whether the ring thread runs pinned to <see cref="RingOptions.Cpu"/> (false when none was asked or the CPU is offline).</summary>
    public bool Pinned { get; private set; }

    /// <summary>The IORING_SETUP_* flags the kernel accepted.</summary>
    internal uint SetupFlags { get; private set; }

    private bool IsRingThread => Environment.CurrentManagedThreadId == Volatile.Read(ref _ringThreadId);

    /// <summary>
    /// Stops accepting operations (new submits throw <see cref="ObjectDisposedException"/>), completes
    /// queued ones with -ECANCELED, gives in-flight ones up to <see cref="RingOptions.DisposeTimeout"/>
    /// (asking the kernel to cancel them halfway), then releases the ring. Only an operation the
    /// kernel neither finishes nor cancels in that time (a hung device) completes with -ECANCELED
    /// while the kernel may still touch its buffer.
    /// </summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposeCalled, 1) != 0)
        {
            return;
        }
        Interlocked.Exchange(ref _disposeRequested, 1);
        Wake();
        // From an inline continuation on the ring thread the loop finishes shutting down once the
        // continuation returns; joining here would deadlock.
        if (!IsRingThread)
        {
            _thread.Join(_options.DisposeTimeout + TimeSpan.FromSeconds(5));
        }
        CancelQueued();
    }
}
