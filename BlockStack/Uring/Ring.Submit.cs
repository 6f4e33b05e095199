using System.Diagnostics.CodeAnalysis;
using Layered.BlockStack.Uring.Native;
using static Layered.BlockStack.Uring.Native.IoUringConstants;

namespace Layered.BlockStack.Uring;

// Every operation addresses a registered file slot (IOSQE_FIXED_FILE) and completes with the CQE
// res: bytes transferred, or -errno. -EAGAIN/-EINTR results are the caller's to retry. The buffer
// must stay valid until the returned task completes. Any thread may submit.
public sealed unsafe partial class Ring
{
    /// <summary>IORING_OP_READ: the kernel pins the buffer's pages for this I/O only.</summary>
    public ValueTask<int> ReadAsync(int fileSlot, byte* buffer, uint length, ulong offsetBytes)
        => Submit(IORING_OP_READ, fileSlot, buffer, length, offsetBytes, opFlags: 0, bufIndex: 0);

    /// <summary>IORING_OP_WRITE; <paramref name="fua"/> makes it durable on completion (RWF_DSYNC).</summary>
    public ValueTask<int> WriteAsync(int fileSlot, byte* buffer, uint length, ulong offsetBytes, bool fua)
        => Submit(IORING_OP_WRITE, fileSlot, buffer, length, offsetBytes, fua ? RWF_DSYNC : 0, bufIndex: 0);

    /// <summary>IORING_OP_READ_FIXED: <paramref name="buffer"/> must lie inside registered buffer <paramref name="bufferSlot"/>.</summary>
    public ValueTask<int> ReadFixedAsync(int fileSlot, int bufferSlot, byte* buffer, uint length, ulong offsetBytes)
        => Submit(IORING_OP_READ_FIXED, fileSlot, buffer, length, offsetBytes, opFlags: 0, BufferIndex(bufferSlot));

    /// <summary>IORING_OP_WRITE_FIXED: <paramref name="buffer"/> must lie inside registered buffer <paramref name="bufferSlot"/>.</summary>
    public ValueTask<int> WriteFixedAsync(int fileSlot, int bufferSlot, byte* buffer, uint length, ulong offsetBytes, bool fua)
        => Submit(IORING_OP_WRITE_FIXED, fileSlot, buffer, length, offsetBytes, fua ? RWF_DSYNC : 0, BufferIndex(bufferSlot));

    /// <summary>IORING_OP_FSYNC; <paramref name="dataOnly"/> makes it fdatasync (IORING_FSYNC_DATASYNC).</summary>
    public ValueTask<int> FsyncAsync(int fileSlot, bool dataOnly)
        => Submit(IORING_OP_FSYNC, fileSlot, null, 0, 0, dataOnly ? IORING_FSYNC_DATASYNC : 0, bufIndex: 0);

    private static ushort BufferIndex(int bufferSlot)
    {
        if ((uint)bufferSlot > ushort.MaxValue)
        {
            ThrowHelper.ThrowBufferSlotOutOfRange(bufferSlot);
        }
        return (ushort)bufferSlot;
    }

    /// <summary>
    /// IORING_OP_URING_CMD on the plain descriptor <paramref name="fd"/> (not a registered slot):
    /// <paramref name="commandOp"/> is the driver's command, <paramref name="address"/> and
    /// <paramref name="length"/> fill sqe->addr and sqe->len, and <paramref name="command"/> (up to
    /// 80 bytes) the command area. Needs <see cref="RingOptions.LargeEntries"/>.
    /// </summary>
    public ValueTask<int> UringCommandAsync(int fd, uint commandOp, void* address, uint length, ReadOnlySpan<byte> command)
    {
        if (!_options.LargeEntries)
        {
            throw new InvalidOperationException("URING_CMD needs a ring set up with LargeEntries (IORING_SETUP_SQE128)");
        }
        ArgumentOutOfRangeException.ThrowIfGreaterThan(command.Length, UringCommandBytes, nameof(command));
        if (!TryRent(out RingOperation? operation, out ValueTask<int> refused))
        {
            return refused;
        }
        operation.Sqe = new io_uring_sqe { opcode = IORING_OP_URING_CMD, fd = fd, off = commandOp, addr = (ulong)address, len = length };
        operation.CommandTail = default;
        // The command area is the last 16 bytes of the first half (addr3, pad2) and all of the second.
        int head = Math.Min(command.Length, 16);
        fixed (io_uring_sqe* sqe = &operation.Sqe)
        fixed (io_uring_sqe_tail* tail = &operation.CommandTail)
        {
            command[..head].CopyTo(new Span<byte>((byte*)&sqe->addr3, 16));
            command[head..].CopyTo(new Span<byte>(tail, sizeof(io_uring_sqe_tail)));
        }
        return Enqueue(operation);
    }

    /// <summary>The size of a URING_CMD's command area in a 128-byte SQE.</summary>
    public const int UringCommandBytes = 80;

    private ValueTask<int> Submit(byte opcode, int fileSlot, byte* buffer, uint length, ulong offsetBytes, uint opFlags, ushort bufIndex)
    {
        if (!TryRent(out RingOperation? operation, out ValueTask<int> refused))
        {
            return refused;
        }
        operation.Sqe = new io_uring_sqe
        {
            opcode = opcode,
            flags = IOSQE_FIXED_FILE,
            fd = fileSlot,
            off = offsetBytes,
            addr = (ulong)buffer,
            len = length,
            op_flags = opFlags,
            buf_index = bufIndex,
        };
        if (_options.LargeEntries)
        {
            operation.CommandTail = default;
        }
        return Enqueue(operation);
    }

    /// <summary>Takes one operation from the pool, or answers -EAGAIN when too many are pending.</summary>
    private bool TryRent([NotNullWhen(true)] out RingOperation? operation, out ValueTask<int> refused)
    {
        if (Volatile.Read(ref _disposeRequested) != 0)
        {
            ThrowHelper.ThrowObjectDisposed();
        }
        if (Interlocked.Increment(ref _pendingOperations) > _options.MaxPendingOperations)
        {
            Interlocked.Decrement(ref _pendingOperations);
            operation = null;
            refused = new ValueTask<int>(Errno.EAGAIN.ToResult());
            return false;
        }
        operation = _pool.Rent();
        refused = default;
        return true;
    }

    private ValueTask<int> Enqueue(RingOperation operation)
    {
        ValueTask<int> task = operation.AsValueTask();
        _submissions.Enqueue(operation);

        // Enqueue publishes the item with a release store, which a later load may overtake. The
        // fence orders it before the loads below, pairing with the loop's Exchange of _sleeping
        // and with Dispose's Exchange of _disposeRequested: no wake-up and no operation is lost.
        Interlocked.MemoryBarrier();
        if (Volatile.Read(ref _disposeRequested) != 0)
        {
            CancelQueued();
        }
        else if (Volatile.Read(ref _sleeping) != 0 && Interlocked.Exchange(ref _sleeping, 0) != 0)
        {
            WriteEventFd();
        }
        return task;
    }

    private void Wake()
    {
        if (!IsRingThread)
        {
            WriteEventFd();
        }
    }

    /// <summary>Bumps the eventfd, completing the armed wake read. Safe against a concurrent teardown.</summary>
    private void WriteEventFd()
    {
        ulong one = 1;
        try
        {
            while (Interop.Write(_eventFd!, &one, sizeof(ulong)) < 0 && Errno.FromLastPInvokeError() == Errno.EINTR)
            {
            }
        }
        catch (ObjectDisposedException)
        {
            // The ring thread has already released the eventfd: there is no one left to wake.
        }
    }
}
