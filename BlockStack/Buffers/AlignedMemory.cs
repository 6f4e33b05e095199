using System.Runtime.InteropServices;

namespace Layered.BlockStack.Buffers;

/// <summary>
/// Sector-aligned native memory for the plain path (bounce buffers, metadata blocks, tests).
/// It is not registered with any device; for that use <see cref="BufferRegistry"/>.
/// </summary>
public sealed unsafe class AlignedMemory : IDisposable
{
    public const int Alignment = 4096;

    private byte* _address;
    private readonly NativeMemoryManager _manager;

    public AlignedMemory(int lengthBytes)
    {
        if (lengthBytes <= 0) ThrowHelper.ThrowArgumentOutOfRange(nameof(lengthBytes), lengthBytes, "must be positive");
        _address = (byte*)NativeMemory.AlignedAlloc((nuint)lengthBytes, Alignment);
        NativeMemory.Clear(_address, (nuint)lengthBytes);
        Length = lengthBytes;
        _manager = new NativeMemoryManager(_address, lengthBytes);
    }

    public int Length { get; }

    public nint Address => (nint)_address;

    public Memory<byte> Memory => _manager.Memory;

    public Span<byte> Span => new(_address, Length);

    public void Dispose()
    {
        var address = _address;
        _address = null;
        if (address != null) NativeMemory.AlignedFree(address);
    }
}
