using System.Collections.Concurrent;
using Layered.BlockStack.Buffers;

namespace Layered.Fs.Data;

/// <summary>
/// Aligned buffers for data I/O, allocated once and reused: callers' memory has no alignment
/// promise, and O_DIRECT devices need one. Bounded, so a burst cannot pin unbounded memory.
/// </summary>
public sealed class BouncePool(int bufferBytes, int maxKept) : IDisposable
{
    private readonly ConcurrentBag<AlignedMemory> _free = [];

    public int BufferBytes { get; } = bufferBytes;

    public AlignedMemory Rent() => _free.TryTake(out var buffer) ? buffer : new AlignedMemory(BufferBytes);

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
