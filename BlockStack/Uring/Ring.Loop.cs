using System.Diagnostics;
using Layered.BlockStack.Uring.Native;
using static Layered.BlockStack.Uring.Native.IoUringConstants;

namespace Layered.BlockStack.Uring;

public sealed unsafe partial class Ring
{
    /// <summary>Consecutive EAGAIN/EBUSY from io_uring_enter (kernel short of memory) before the ring gives up.</summary>
    private const int MaxTransientEnterFailures = 1000;

    /// <summary>Register requests run per cycle, so a flood of them cannot starve I/O.</summary>
    private const int MaxRequestsPerCycle = 64;

    private bool _wakeReadArmed;
    private bool _wakeReadNeeded = true;
    private bool _shuttingDown;
    private int _transientEnterFailures;

    /// <summary>
    /// One cycle: run register requests, move queued operations into SQEs, then a single
    /// io_uring_enter both submits the batch and, if there is nothing else to do, sleeps until a
    /// completion or the eventfd wake read arrives; finally reap every CQE without a syscall.
    /// </summary>
    private void RunLoop()
    {
        long pollTicks = _options.PollMicroseconds * Stopwatch.Frequency / 1_000_000;
        long lastCompletion = 0;
        while (Volatile.Read(ref _disposeRequested) == 0)
        {
            RunRequests();
            FillSubmissions();
            // Recent completions on a polling ring, and nothing to submit: look again without
            // sleeping (which also runs the kernel's deferred task work), and keep this CPU from
            // going idle meanwhile. Decided before PrepareToSleep, so no sleep is announced.
            bool polling = pollTicks > 0 && NothingToSubmit() && Stopwatch.GetTimestamp() - lastCompletion < pollTicks;
            bool sleep = !polling && PrepareToSleep();
            Errno error = Enter(sleep ? 1u : 0u, timeoutMs: -1);
            if (sleep)
            {
                Volatile.Write(ref _sleeping, 0);
            }
            if (error != Errno.Success)
            {
                Fail(error);
                return;
            }
            if (Reap() > 0 && pollTicks > 0)
            {
                lastCompletion = Stopwatch.GetTimestamp();
            }
            else if (polling)
            {
                // Whatever else wants this CPU (the thread waiting for our answer) runs first.
                Thread.Yield();
            }
        }
    }

    private void RunRequests()
    {
        for (int i = 0; i < MaxRequestsPerCycle && _requests.TryDequeue(out RingThreadRequest? request); i++)
        {
            request.Run();
        }
    }

    private void FillSubmissions()
    {
        if (_wakeReadNeeded && _sq.Free > 0)
        {
            ArmWakeRead();
        }
        // The in-flight table is smaller than the CQ, so the CQ can never overflow.
        while (_sq.Free > 0 && !_inFlight.IsFull && _submissions.TryDequeue(out RingOperation? operation))
        {
            io_uring_sqe* sqe = _sq.Next();
            *sqe = operation.Sqe;
            if (_options.LargeEntries)
            {
                *(io_uring_sqe_tail*)(sqe + 1) = operation.CommandTail;
            }
            sqe->user_data = (ulong)_inFlight.Add(operation);
            Counters.OnSubmitted(sqe->opcode);
        }
    }

    private bool NothingToSubmit() => _inFlight.IsFull || (_submissions.IsEmpty && _requests.IsEmpty);

    /// <summary>An SQE for the ring's own operations (wake read, cancel), all of it zeroed; queued operations overwrite theirs whole.</summary>
    private io_uring_sqe* NextZeroed()
    {
        io_uring_sqe* sqe = _sq.Next();
        *sqe = default;
        if (_options.LargeEntries)
        {
            *(io_uring_sqe_tail*)(sqe + 1) = default;
        }
        return sqe;
    }

    /// <summary>
    /// Decides whether the next enter may block. It may when nothing more can be submitted now:
    /// the in-flight table is full (a completion will wake us) or the queues are empty, in which
    /// case we announce the sleep so a submitter writes the eventfd. Announce first, then look
    /// again: a submitter enqueues first, then looks at the flag, so one of the two sees the other.
    /// </summary>
    private bool PrepareToSleep()
    {
        if (_inFlight.IsFull)
        {
            return true;
        }
        if (!_submissions.IsEmpty || !_requests.IsEmpty)
        {
            return false;
        }
        Interlocked.Exchange(ref _sleeping, 1);
        if (_submissions.IsEmpty && _requests.IsEmpty && Volatile.Read(ref _disposeRequested) == 0)
        {
            return true;
        }
        Volatile.Write(ref _sleeping, 0);
        return false;
    }

    /// <summary>
    /// Submits everything in the SQ and waits for <paramref name="minComplete"/> CQEs, at most
    /// <paramref name="timeoutMs"/> ms when that is not -1. EINTR is retried here and never escapes.
    /// </summary>
    private Errno Enter(uint minComplete, int timeoutMs)
    {
        uint flags = IORING_ENTER_GETEVENTS;
        __kernel_timespec timeout = default;
        io_uring_getevents_arg arg = default;
        if (timeoutMs >= 0)
        {
            timeout.tv_sec = timeoutMs / 1000;
            timeout.tv_nsec = timeoutMs % 1000 * 1_000_000L;
            arg.ts = (ulong)&timeout;
            flags |= IORING_ENTER_EXT_ARG;
        }
        while (true)
        {
            uint toSubmit = _sq.Publish();
            Counters.OnEnter();
            int result = Interop.IoUringEnter(_ringFd, toSubmit, minComplete, flags, timeoutMs >= 0 ? &arg : null,
                timeoutMs >= 0 ? (nuint)sizeof(io_uring_getevents_arg) : 0);
            if (result >= 0)
            {
                _transientEnterFailures = 0;
                return Errno.Success;
            }
            switch (Errno.FromLastPInvokeError())
            {
                case Errno.EINTR:
                    continue;
                case Errno.ETIME:
                    return Errno.Success;
                case Errno.EAGAIN or Errno.EBUSY when ++_transientEnterFailures < MaxTransientEnterFailures:
                    // Out of request memory or CQ backlog: back off briefly, reap, try again.
                    Thread.Sleep(1);
                    return Errno.Success;
                case Errno error:
                    return error;
            }
        }
    }

    /// <summary>Completes every CQE in the ring; returns how many were operations (not wake reads).</summary>
    private int Reap()
    {
        int completed = 0;
        while (_cq.TryDequeue(out io_uring_cqe cqe))
        {
            switch (cqe.user_data)
            {
                case WakeReadUserData:
                    OnWakeReadCompleted(cqe.res);
                    break;
                case CancelAllUserData:
                    break;
                default:
                    RingOperation operation = _inFlight.Remove(cqe.user_data)
                        ?? throw new InvalidOperationException($"CQE for unknown user_data {cqe.user_data}, res {cqe.res}");
                    Counters.OnCompleted();
                    Complete(operation, cqe.res);
                    completed++;
                    break;
            }
        }
        return completed;
    }

    private void Complete(RingOperation operation, int res)
    {
        // Release capacity before the continuation runs: inline, it may submit straight away.
        Interlocked.Decrement(ref _pendingOperations);
        operation.Complete(res);
    }

    /// <summary>Keeps a read of the eventfd in the ring so a write to it ends a sleeping io_uring_enter.</summary>
    private void ArmWakeRead()
    {
        io_uring_sqe* sqe = NextZeroed();
        sqe->opcode = IORING_OP_READ;
        sqe->fd = (int)_eventFd!.DangerousGetHandle();
        sqe->addr = (ulong)_wakeBuffer;
        sqe->len = sizeof(ulong);
        sqe->user_data = WakeReadUserData;
        _wakeReadArmed = true;
        _wakeReadNeeded = false;
    }

    private void OnWakeReadCompleted(int res)
    {
        _wakeReadArmed = false;
        if (_shuttingDown)
        {
            return;
        }
        if (res < 0)
        {
            // Cannot happen for a blocking eventfd; without the wake read the ring could sleep forever.
            Fail(Errno.FromResult(res));
            return;
        }
        _wakeReadNeeded = true;
    }
}
