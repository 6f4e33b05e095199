using System.Diagnostics.CodeAnalysis;
using System.Runtime.InteropServices;
using Layered.BlockStack.Uring.Native;
using Microsoft.Win32.SafeHandles;
using static Layered.BlockStack.Uring.Native.IoUringConstants;

namespace Layered.BlockStack.Uring;

public sealed unsafe partial class Ring
{
    // NODROP: a full CQ back-pressures instead of losing completions. EXT_ARG: bounded waits on
    // shutdown. Both date from 5.11; sparse registration (5.19) is the real floor anyway.
    private const uint RequiredFeatures = IORING_FEAT_NODROP | IORING_FEAT_EXT_ARG;
    private static readonly TimeSpan s_setupTimeout = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Creates a ring and its thread. Returns false with the errno when io_uring is unavailable
    /// (ENOSYS: no kernel support; EPERM: disabled by kernel.io_uring_disabled or a seccomp policy;
    /// ENOMEM: memlock limit; EAGAIN: its thread could not be started, e.g. at a thread or
    /// descriptor limit) so the caller can fall back to another I/O path.
    /// </summary>
    public static bool TryCreate(RingOptions options, [NotNullWhen(true)] out Ring? ring, out Errno error)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var candidate = new Ring(options);
        error = candidate.Start();
        ring = error == Errno.Success ? candidate : null;
        return ring is not null;
    }

    private Errno Start()
    {
        // UnsafeStart: the ring thread must not capture the creator's ExecutionContext (AsyncLocals).
        try
        {
            _thread.UnsafeStart();
        }
        catch (OutOfMemoryException)
        {
            // What Thread.Start throws when the OS refuses a thread.
            ReleaseKernelResources();
            return Errno.EAGAIN;
        }
        if (!_setupDone.Wait(s_setupTimeout))
        {
            // The thread tears itself down as soon as it sees this after setup finishes.
            Interlocked.Exchange(ref _disposeRequested, 1);
            return Errno.ETIMEDOUT;
        }
        return _setupError;
    }

    private void ThreadMain()
    {
        Volatile.Write(ref _ringThreadId, Environment.CurrentManagedThreadId);
        if (_options.Cpu is int cpu)
        {
            Pinned = Interop.PinCurrentThread(cpu);
        }
        _setupError = Setup();
        _setupDone.Set();
        if (_setupError == Errno.Success)
        {
            RunLoop();
            Shutdown();
        }
        ReleaseKernelResources();
    }

    /// <summary>
    /// Runs on the ring thread: with IORING_SETUP_SINGLE_ISSUER the task that calls io_uring_setup
    /// becomes the only one allowed to submit and register.
    /// </summary>
    private Errno Setup()
    {
        int eventFd = Interop.EventFd(0, Interop.EFD_CLOEXEC);
        if (eventFd < 0)
        {
            return Errno.FromLastPInvokeError();
        }
        _eventFd = new SafeFileHandle(eventFd, ownsHandle: true);
        _wakeBuffer = (ulong*)NativeMemory.AlignedAlloc(sizeof(ulong), sizeof(ulong));

        io_uring_params p = default;
        Errno error = SetupRing(ref p);
        if (error != Errno.Success)
        {
            return error;
        }
        if ((p.features & RequiredFeatures) != RequiredFeatures || p.sq_entries != _sqEntries || p.cq_entries < _cqEntries)
        {
            return Errno.EOPNOTSUPP;
        }
        return MapRings(in p);
    }

    private Errno SetupRing(ref io_uring_params p)
    {
        // SINGLE_ISSUER | DEFER_TASKRUN (6.1+) fits one thread that both submits and reaps, and
        // completes work only when that thread asks for events. COOP_TASKRUN (5.19+) at least
        // avoids IPIs. Older kernels reject unknown flags with EINVAL, so step down.
        ReadOnlySpan<uint> flagSets = _options.SingleIssuer
            ? [IORING_SETUP_SINGLE_ISSUER | IORING_SETUP_DEFER_TASKRUN, IORING_SETUP_COOP_TASKRUN, 0]
            : [IORING_SETUP_COOP_TASKRUN, 0];
        Errno error = Errno.EINVAL;
        foreach (uint flags in flagSets)
        {
            p = default;
            p.flags = flags | IORING_SETUP_CQSIZE | (_options.LargeEntries ? IORING_SETUP_SQE128 : 0);
            p.cq_entries = _cqEntries;
            fixed (io_uring_params* pp = &p)
            {
                int fd = Interop.IoUringSetup(_sqEntries, pp);
                if (fd >= 0)
                {
                    _ringFd = fd;
                    SetupFlags = p.flags;
                    return Errno.Success;
                }
            }
            error = Errno.FromLastPInvokeError();
            if (error != Errno.EINVAL)
            {
                break;
            }
        }
        return error;
    }

    private Errno MapRings(in io_uring_params p)
    {
        nuint sqRingBytes = p.sq_off.array + p.sq_entries * sizeof(uint);
        nuint cqRingBytes = p.cq_off.cqes + p.cq_entries * (nuint)sizeof(io_uring_cqe);
        bool singleMmap = (p.features & IORING_FEAT_SINGLE_MMAP) != 0;
        if (singleMmap)
        {
            sqRingBytes = cqRingBytes = Math.Max(sqRingBytes, cqRingBytes);
        }

        Errno error = NativeMapping.TryMap(_ringFd, sqRingBytes, IORING_OFF_SQ_RING, out _sqRingMapping);
        if (error != Errno.Success)
        {
            return error;
        }
        if (singleMmap)
        {
            _cqRingMapping = _sqRingMapping;
        }
        else if ((error = NativeMapping.TryMap(_ringFd, cqRingBytes, IORING_OFF_CQ_RING, out _cqRingMapping)) != Errno.Success)
        {
            return error;
        }
        nuint sqeBytes = (nuint)sizeof(io_uring_sqe) * (_options.LargeEntries ? 2u : 1u);
        error = NativeMapping.TryMap(_ringFd, p.sq_entries * sqeBytes, IORING_OFF_SQES, out _sqesMapping);
        if (error != Errno.Success)
        {
            return error;
        }

        _sq = new SubmissionQueue(_sqRingMapping.Address, in p.sq_off, (io_uring_sqe*)_sqesMapping.Address, _options.LargeEntries);
        _cq = new CompletionQueue(_cqRingMapping.Address, in p.cq_off);
        return Errno.Success;
    }
}
