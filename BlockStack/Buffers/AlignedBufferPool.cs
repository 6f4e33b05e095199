using System.Collections.Concurrent;

namespace Layered.BlockStack.Buffers;

/// <summary>
/// Aligned buffers of one size, allocated on demand and reused: scratch space for parity work,
/// bounce buffers for O_DIRECT transfers from memory with no alignment promise. At most
/// <c>maxKept</c> idle buffers are kept, so a burst cannot pin memory for good.
/// </summary>
public sealed class AlignedBufferPool(int bufferBytes, int maxKept) : IDisposable
{
    private readonly ConcurrentBag<AlignedMemory> _free = [];

    public int BufferBytes => bufferBytes;

    public AlignedMemory Rent() => _free.TryTake(out var buffer) ? buffer : new AlignedMemory(bufferBytes);

    public void Return(AlignedMemory buffer)
    {
        if (_free.Count < maxKept) _free.Add(buffer);
        else buffer.Dispose();
    }

    public void Dispose()
    {
        while (_free.TryTake(out var buffer)) buffer.Dispose();
    }
}
