using System.Runtime.InteropServices;

namespace Layered.BlockStack.Tests.Uring;

/// <summary>Page-aligned native memory, as O_DIRECT and registered buffers want it.</summary>
internal sealed unsafe class AlignedBuffer : IDisposable
{
    private const int Alignment = 4096;

    public AlignedBuffer(int lengthBytes)
    {
        LengthBytes = lengthBytes;
        Pointer = (byte*)NativeMemory.AlignedAlloc((nuint)lengthBytes, Alignment);
        Span.Clear();
    }

    public byte* Pointer { get; private set; }

    public int LengthBytes { get; }

    public Span<byte> Span => new(Pointer, LengthBytes);

    public byte* At(int offsetBytes) => Pointer + offsetBytes;

    public Span<byte> Slice(int offsetBytes, int lengthBytes) => Span.Slice(offsetBytes, lengthBytes);

    public void Dispose()
    {
        NativeMemory.AlignedFree(Pointer);
        Pointer = null;
    }
}
