using Layered.BlockStack.Buffers;
using Layered.BlockStack.Uring;
using Microsoft.Win32.SafeHandles;

namespace Layered.BlockStack.Files;

/// <summary>
/// One io_uring shared by many file devices: its registered-file table holds each device's
/// descriptor, and its sparse registered-buffer table holds each mapped buffer once, however
/// many devices map it. Sharing one ring keeps one ring thread per process, not per device.
/// </summary>
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
        try
        {
            ring.RegisterFilesSparse(FileSlots);
            ring.RegisterBuffersSparse(BufferSlots);
            return new UringHost(ring);
        }
        catch
        {
            ring.Dispose();
            throw;
        }
    }

    internal int AttachFile(SafeFileHandle handle)
    {
        lock (_lock)
        {
            var slot = _files.Take();
            if (slot < 0) ThrowHelper.ThrowInvalidOperation($"io_uring file table is full ({FileSlots} devices)");
            var error = Ring.UpdateFile(slot, (int)handle.DangerousGetHandle());
            if (error != Errno.Success)
            {
                _files.Give(slot);
                ThrowHelper.ThrowInvalidOperation($"registering file in io_uring slot {slot} failed: {error}");
            }
            return slot;
        }
    }

    internal void DetachFile(int slot)
    {
        lock (_lock)
        {
            Ring.UpdateFile(slot, -1);
            _files.Give(slot);
        }
    }

    /// <summary>The buffer's slot in the registered-buffer table, registering it on first use; -1 when the table is full.</summary>
    internal unsafe int AcquireBufferSlot(RegisteredBuffer buffer)
    {
        lock (_lock)
        {
            if (_bufferSlots.TryGetValue(buffer, out var entry))
            {
                _bufferSlots[buffer] = (entry.Slot, entry.Users + 1);
                return entry.Slot;
            }
            var slot = _buffers.Take();
            if (slot < 0) return -1;
            if (Ring.UpdateBuffer(slot, (void*)buffer.Address, (nuint)buffer.Length) != Errno.Success)
            {
                _buffers.Give(slot);
                return -1;
            }
            _bufferSlots[buffer] = (slot, 1);
            return slot;
        }
    }

    /// <summary>Drops one user of the buffer's slot; the last user clears the kernel's table entry, unpinning the pages.</summary>
    internal unsafe void ReleaseBufferSlot(RegisteredBuffer buffer)
    {
        lock (_lock)
        {
            var entry = _bufferSlots[buffer];
            if (entry.Users > 1)
            {
                _bufferSlots[buffer] = (entry.Slot, entry.Users - 1);
                return;
            }
            _bufferSlots.Remove(buffer);
            Ring.UpdateBuffer(entry.Slot, null, 0);
            _buffers.Give(entry.Slot);
        }
    }

    public void Dispose() => Ring.Dispose();
}
