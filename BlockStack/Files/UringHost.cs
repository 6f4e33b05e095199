using Layered.BlockStack.Buffers;
using Layered.BlockStack.Uring;
using Microsoft.Win32.SafeHandles;

namespace Layered.BlockStack.Files;

/// <summary>
/// One io_uring shared by many file devices: its registered-file table holds each device's
/// descriptor, and its sparse registered-buffer table holds each mapped buffer once, however
/// many devices map it. Sharing one ring keeps one ring thread per process, not per device.
/// </summary>
/// <remarks>
/// Register calls run on the ring thread and the caller waits for them. With inline
/// completions a continuation on the ring thread may call in here, so no lock is ever held
/// across a register call: the lock guards only the slot accounting.
/// </remarks>
public sealed class UringHost : IDisposable
{
    public const int FileSlots = 256;
    public const int BufferSlots = 1024;

    private readonly Lock _lock = new();
    private readonly SlotTable _files = new(FileSlots);
    private readonly SlotTable _buffers = new(BufferSlots);
    private readonly Dictionary<RegisteredBuffer, (int Slot, int Users)> _bufferSlots = new(ReferenceEqualityComparer.Instance);

    private UringHost(Ring ring) => Ring = ring;

    public Ring Ring { get; }

    /// <summary>Creates a host, or returns null with the reason io_uring cannot be used here.</summary>
    public static UringHost? TryCreate(RingOptions options, out Errno error)
    {
        if (!Ring.TryCreate(options, out var ring, out error)) return null;
        error = ring.RegisterFilesSparse(FileSlots);
        if (error == Errno.Success) error = ring.RegisterBuffersSparse(BufferSlots);
        if (error == Errno.Success) return new UringHost(ring);
        ring.Dispose();
        return null;
    }

    internal int AttachFile(SafeFileHandle handle)
    {
        int slot;
        lock (_lock) slot = _files.Take();
        if (slot < 0) ThrowHelper.ThrowInvalidOperation($"io_uring file table is full ({FileSlots} devices)");
        var error = Ring.UpdateFile(slot, (int)handle.DangerousGetHandle());
        if (error == Errno.Success) return slot;
        lock (_lock) _files.Give(slot);
        throw new IOException($"registering a file in io_uring slot {slot} failed: {error}");
    }

    internal void DetachFile(int slot)
    {
        Ring.UpdateFile(slot, -1);
        lock (_lock) _files.Give(slot);
    }

    /// <summary>
    /// The buffer's slot in the registered-buffer table; -1 when the table is full. Every caller
    /// registers the slot itself (the same address again is harmless), so none can use a slot
    /// that another caller has reserved but not yet registered.
    /// </summary>
    internal unsafe int AcquireBufferSlot(RegisteredBuffer buffer)
    {
        int slot;
        lock (_lock)
        {
            if (_bufferSlots.TryGetValue(buffer, out var entry)) slot = entry.Slot;
            else if ((slot = _buffers.Take()) < 0) return -1;
            _bufferSlots[buffer] = (slot, entry.Users + 1);
        }
        if (Ring.UpdateBuffer(slot, (void*)buffer.Address, (nuint)buffer.Length) == Errno.Success) return slot;
        ReleaseBufferSlot(buffer);
        return -1;
    }

    /// <summary>Drops one user of the buffer's slot; the last user clears the kernel's entry, unpinning the pages.</summary>
    internal unsafe void ReleaseBufferSlot(RegisteredBuffer buffer)
    {
        int slot;
        lock (_lock)
        {
            var entry = _bufferSlots[buffer];
            if (entry.Users > 1)
            {
                _bufferSlots[buffer] = (entry.Slot, entry.Users - 1);
                return;
            }
            _bufferSlots.Remove(buffer);
            slot = entry.Slot;
        }
        // The slot stays taken until the kernel has dropped the buffer, so no one reuses it early.
        Ring.UpdateBuffer(slot, null, 0);
        lock (_lock) _buffers.Give(slot);
    }

    public void Dispose() => Ring.Dispose();
}
