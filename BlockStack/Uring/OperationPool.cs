using System.Collections.Concurrent;

namespace Layered.BlockStack.Uring;

/// <summary>
/// Lock-free pool of <see cref="RingOperation"/>s so steady-state I/O allocates nothing. Holds at
/// most <c>capacity</c> idle operations; extras (e.g. after a burst) are left to the GC.
/// </summary>
internal sealed class OperationPool
{
    private readonly ConcurrentQueue<RingOperation> _idle = new();
    private readonly bool _inlineCompletions;
    private readonly int _capacity;
    private int _idleCount;

    public OperationPool(int capacity, bool inlineCompletions)
    {
        _capacity = capacity;
        _inlineCompletions = inlineCompletions;
    }

    public RingOperation Rent()
    {
        if (_idle.TryDequeue(out RingOperation? operation))
        {
            Interlocked.Decrement(ref _idleCount);
            return operation;
        }
        return new RingOperation(this, _inlineCompletions);
    }

    public void Return(RingOperation operation)
    {
        if (Interlocked.Increment(ref _idleCount) > _capacity)
        {
            Interlocked.Decrement(ref _idleCount);
            return;
        }
        _idle.Enqueue(operation);
    }
}
