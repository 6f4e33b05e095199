using System.Runtime.InteropServices;
using Layered.BlockStack.Uring.Native;
using static Layered.BlockStack.Uring.Native.IoUringConstants;

namespace Layered.BlockStack.Uring;

public sealed unsafe partial class Ring
{
    /// <summary>How long one shutdown wait blocks before the deadline is looked at again.</summary>
    private const int ShutdownPollMs = 50;

    private Errno _fault;

    /// <summary>The error that stopped the ring thread, or <see cref="Errno.Success"/>.</summary>
    public Errno Fault => _fault;

    /// <summary>Stops the ring on an io_uring error it cannot recover from; the shutdown path takes over.</summary>
    private void Fail(Errno error)
    {
        _fault = error;
        Interlocked.Exchange(ref _disposeRequested, 1);
    }

    /// <summary>
    /// Ring thread, after the loop: queued work is cancelled, in-flight work gets until the deadline
    /// (halfway there the kernel is asked to cancel it), and the wake read is completed by bumping
    /// the eventfd so nothing the kernel might still write to is freed.
    /// </summary>
    private void Shutdown()
    {
        _shuttingDown = true;
        _wakeReadNeeded = false;
        if (_wakeReadArmed)
        {
            WriteEventFd();
        }
        long startMs = Environment.TickCount64;
        long timeoutMs = (long)_options.DisposeTimeout.TotalMilliseconds;
        bool cancelSent = false;
        while (_inFlight.Count > 0 || _wakeReadArmed)
        {
            CancelQueued();
            long elapsedMs = Environment.TickCount64 - startMs;
            if (elapsedMs >= timeoutMs)
            {
                break;
            }
            if (!cancelSent && elapsedMs >= timeoutMs / 2 && _sq.Free > 0)
            {
                PrepareCancelAll();
                cancelSent = true;
            }
            if (Enter(1, ShutdownPollMs) != Errno.Success)
            {
                break;
            }
            Reap();
        }
        // Whatever is left is cancelled by the kernel when the ring fd closes; its callers must
        // not reuse the buffers they passed until then (see Dispose).
        foreach (RingOperation operation in _inFlight.RemoveAll())
        {
            Complete(operation, Errno.ECANCELED.ToResult());
        }
        CancelQueued();
    }

    private void PrepareCancelAll()
    {
        io_uring_sqe* sqe = NextZeroed();
        sqe->opcode = IORING_OP_ASYNC_CANCEL;
        sqe->fd = -1;
        sqe->op_flags = IORING_ASYNC_CANCEL_ANY | IORING_ASYNC_CANCEL_ALL;
        sqe->user_data = CancelAllUserData;
    }

    /// <summary>
    /// Completes everything still queued with -ECANCELED. Safe from any thread: each item is
    /// dequeued exactly once, by whichever thread gets there first.
    /// </summary>
    private void CancelQueued()
    {
        while (_submissions.TryDequeue(out RingOperation? operation))
        {
            Complete(operation, Errno.ECANCELED.ToResult());
        }
        while (_requests.TryDequeue(out RingThreadRequest? request))
        {
            request.Cancel(Errno.ECANCELED);
        }
    }

    /// <summary>Undoes whatever <see cref="Setup"/> got done. Ring thread, after the loop has stopped.</summary>
    private void ReleaseKernelResources()
    {
        _sqesMapping.Unmap();
        if (_cqRingMapping.Address != _sqRingMapping.Address)
        {
            _cqRingMapping.Unmap();
        }
        _sqRingMapping.Unmap();
        if (_ringFd >= 0)
        {
            // Closing the ring makes the kernel cancel anything still in it.
            Interop.Close(_ringFd);
            _ringFd = -1;
        }
        _eventFd?.Dispose();
        // A wake read still owned by the kernel may yet write its buffer: leak 8 bytes instead.
        if (!_wakeReadArmed)
        {
            NativeMemory.AlignedFree(_wakeBuffer);
        }
        _wakeBuffer = null;
    }
}
