using System.Runtime.InteropServices;

namespace Layered.BlockStack.Buffers;

/// <summary>
/// Pinned, page-aligned native memory, allocated once and registered so devices can pre-map
/// it. A buffer cannot be freed while any device still maps it: the kernel may hold its pages.
/// </summary>
public sealed unsafe class RegisteredBuffer : IDisposable
{
    /// <summary>io_uring caps one registered buffer at 1 GiB.</summary>
    public const int MaxLengthBytes = 1 << 30;

    private byte* _address;
    private int _mapCount;
    private readonly NativeMemoryManager _manager;
    private readonly BufferRegistry? _registry;

    internal RegisteredBuffer(long id, int lengthBytes, BufferRegistry? registry)
    {
        if (lengthBytes <= 0 || lengthBytes > MaxLengthBytes || lengthBytes % AlignedMemory.Alignment != 0)
            ThrowHelper.ThrowArgumentOutOfRange(nameof(lengthBytes), lengthBytes, $"must be a positive multiple of {AlignedMemory.Alignment} up to {MaxLengthBytes}");
        Id = id;
        Length = lengthBytes;
        _registry = registry;
        _address = (byte*)NativeMemory.AlignedAlloc((nuint)lengthBytes, AlignedMemory.Alignment);
        NativeMemory.Clear(_address, (nuint)lengthBytes);
        _manager = new NativeMemoryManager(_address, lengthBytes);
    }

    public long Id { get; }

    public int Length { get; }

    public bool IsDisposed => _address == null;

    public nint Address
    {
        get
        {
            if (_address == null) ThrowHelper.ThrowObjectDisposed(this);
            return (nint)_address;
        }
    }

    public Memory<byte> Memory => _manager.Memory;

    public Span<byte> Span => new(_address, _address == null ? 0 : Length);

    /// <summary>How many device tags currently map this buffer.</summary>
    public int MapCount => Volatile.Read(ref _mapCount);

    internal void AddMapping() => Interlocked.Increment(ref _mapCount);

    internal void RemoveMapping()
    {
        var left = Interlocked.Decrement(ref _mapCount);
        System.Diagnostics.Debug.Assert(left >= 0, $"map count {left} < 0 for buffer {Id}");
    }

    public void Dispose()
    {
        if (_address == null) return;
        if (MapCount != 0)
            throw new InvalidOperationException($"Registered buffer {Id} is still mapped by {MapCount} tag(s); unmap them before freeing it.");
        var address = _address;
        _address = null;
        NativeMemory.AlignedFree(address);
        _registry?.Forget(this);
    }

    public override string ToString() => $"buffer {Id} ({Length} bytes)";
}
