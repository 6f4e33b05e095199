using System.Buffers;

namespace Layered.BlockStack.Buffers;

/// <summary>
/// Exposes native memory as <see cref="Memory{T}"/>. Pinning is free: the memory never moves.
/// The owner frees the memory; this type never does.
/// </summary>
public sealed unsafe class NativeMemoryManager(byte* address, int length) : MemoryManager<byte>
{
    public override Span<byte> GetSpan() => new(address, length);

    public override MemoryHandle Pin(int elementIndex = 0)
    {
        if ((uint)elementIndex > (uint)length) ThrowHelper.ThrowArgumentOutOfRange(nameof(elementIndex), elementIndex, "outside the buffer");
        return new MemoryHandle(address + elementIndex);
    }

    public override void Unpin() { }

    protected override void Dispose(bool disposing) { }
}
