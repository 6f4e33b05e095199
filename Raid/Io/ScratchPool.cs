using System.Collections.Concurrent;
using Layered.BlockStack.Buffers;

namespace Layered.Raid.Io;

/// <summary>
/// Aligned scratch buffers for parity work (old data, parity bands, reconstruction), one size
/// per set: the chunk size. At most <see cref="MaxPooled"/> buffers are kept; beyond that,
/// returned buffers are freed.
/// </summary>
internal sealed class ScratchPool(int bufferBytes) : IDisposable
{
    public const int MaxPooled = 256;

    private readonly ConcurrentBag<AlignedMemory> _free = [];

    public int BufferBytes => bufferBytes;

    public AlignedMemory Rent() => _free.TryTake(out var buffer) ? buffer : new AlignedMemory(bufferBytes);

    public void Return(AlignedMemory buffer)
    {
        if (_free.Count < MaxPooled) _free.Add(buffer);
        else buffer.Dispose();
    }

    public void Dispose()
    {
        while (_free.TryTake(out var buffer)) buffer.Dispose();
    }
}
