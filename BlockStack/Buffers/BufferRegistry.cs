using System.Collections.Concurrent;

namespace Layered.BlockStack.Buffers;

/// <summary>
/// Holds the registered buffers of one process or session. Registering allocates once;
/// disposing the registry frees every buffer that no device maps any more.
/// </summary>
public sealed class BufferRegistry : IDisposable
{
    private readonly ConcurrentDictionary<long, RegisteredBuffer> _buffers = new();
    private long _nextId;

    public int Count => _buffers.Count;

    public long TotalBytes => _buffers.Values.Sum(b => (long)b.Length);

    public RegisteredBuffer Register(int lengthBytes)
    {
        var buffer = new RegisteredBuffer(Interlocked.Increment(ref _nextId), lengthBytes, this);
        _buffers[buffer.Id] = buffer;
        return buffer;
    }

    public bool TryGet(long id, out RegisteredBuffer? buffer) => _buffers.TryGetValue(id, out buffer);

    internal void Forget(RegisteredBuffer buffer) => _buffers.TryRemove(buffer.Id, out _);

    public void Dispose()
    {
        foreach (var buffer in _buffers.Values) buffer.Dispose();
    }
}
