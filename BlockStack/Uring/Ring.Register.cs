using Layered.BlockStack.Uring.Native;
using static Layered.BlockStack.Uring.Native.IoUringConstants;

namespace Layered.BlockStack.Uring;

// Register calls may come from any thread while I/O flows. They run on the ring thread between two
// io_uring_enter calls: IORING_SETUP_SINGLE_ISSUER requires it, and it orders them against
// submissions (an operation submitted after an update returns sees the update). They block the
// calling thread until then.
public sealed unsafe partial class Ring
{
    /// <summary>Creates an empty fixed-file table of <paramref name="count"/> slots (IORING_REGISTER_FILES2, sparse).</summary>
    public Errno RegisterFilesSparse(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        return RunOnRingThread(() => RegisterSparse(IORING_REGISTER_FILES2, (uint)count));
    }

    /// <summary>Points file slot <paramref name="slot"/> at <paramref name="fd"/> (-1 empties it). The ring keeps its own reference to the file.</summary>
    public Errno UpdateFile(int slot, int fd)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(slot);
        return RunOnRingThread(() => UpdateFileOnRingThread(slot, fd));
    }

    /// <summary>Creates an empty registered-buffer table of <paramref name="count"/> slots (IORING_REGISTER_BUFFERS2, sparse).</summary>
    public Errno RegisterBuffersSparse(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        return RunOnRingThread(() => RegisterSparse(IORING_REGISTER_BUFFERS2, (uint)count));
    }

    /// <summary>
    /// Registers [<paramref name="address"/>, +<paramref name="length"/>) in buffer slot
    /// <paramref name="slot"/>, pinning its pages; a null address or zero length empties the slot.
    /// </summary>
    public Errno UpdateBuffer(int slot, void* address, nuint length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(slot);
        nint start = address == null || length == 0 ? 0 : (nint)address;
        nuint bytes = start == 0 ? 0 : length;
        return RunOnRingThread(() => UpdateBufferOnRingThread(slot, start, bytes));
    }

    private Errno RunOnRingThread(Func<Errno> action)
    {
        if (Volatile.Read(ref _disposeRequested) != 0)
        {
            ThrowHelper.ThrowObjectDisposed();
        }
        if (IsRingThread)
        {
            return action();
        }
        var request = new RingThreadRequest(action);
        _requests.Enqueue(request);
        // Same pairing with Dispose as in Submit.
        Interlocked.MemoryBarrier();
        if (Volatile.Read(ref _disposeRequested) != 0)
        {
            CancelQueued();
        }
        else
        {
            WriteEventFd();
        }
        return request.Wait(_options.RegisterTimeout);
    }

    private Errno RegisterSparse(uint opcode, uint count)
    {
        io_uring_rsrc_register register = new() { nr = count, flags = IORING_RSRC_REGISTER_SPARSE };
        return Register(opcode, &register, (uint)sizeof(io_uring_rsrc_register));
    }

    private Errno UpdateFileOnRingThread(int slot, int fd)
    {
        io_uring_rsrc_update update = new() { offset = (uint)slot, data = (ulong)&fd };
        return Register(IORING_REGISTER_FILES_UPDATE, &update, 1);
    }

    private Errno UpdateBufferOnRingThread(int slot, nint address, nuint length)
    {
        iovec buffer = new() { iov_base = (void*)address, iov_len = length };
        io_uring_rsrc_update2 update = new() { offset = (uint)slot, data = (ulong)&buffer, nr = 1 };
        return Register(IORING_REGISTER_BUFFERS_UPDATE, &update, (uint)sizeof(io_uring_rsrc_update2));
    }

    private Errno Register(uint opcode, void* arg, uint nrArgs)
    {
        while (true)
        {
            if (Interop.IoUringRegister(_ringFd, opcode, arg, nrArgs) >= 0)
            {
                return Errno.Success;
            }
            Errno error = Errno.FromLastPInvokeError();
            if (error != Errno.EINTR)
            {
                return error;
            }
        }
    }
}
