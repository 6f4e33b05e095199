using System.Diagnostics;

namespace Layered.BlockStack.Uring;

/// <summary>
/// Maps user_data to the operation the kernel owns. user_data is a slot index, so no managed
/// reference ever passes through the kernel. Ring thread only; its size bounds the I/O in flight.
/// </summary>
internal sealed class InFlightTable
{
    private readonly RingOperation?[] _operations;
    private readonly int[] _freeSlots;
    private int _freeCount;

    public InFlightTable(int capacity)
    {
        _operations = new RingOperation?[capacity];
        _freeSlots = new int[capacity];
        for (int i = 0; i < capacity; i++)
        {
            _freeSlots[i] = capacity - 1 - i;
        }
        _freeCount = capacity;
    }

    public int Capacity => _operations.Length;

    public int Count => _operations.Length - _freeCount;

    public bool IsFull => _freeCount == 0;

    public int Add(RingOperation operation)
    {
        Debug.Assert(_freeCount > 0, "in-flight table full");
        int slot = _freeSlots[--_freeCount];
        _operations[slot] = operation;
        return slot;
    }

    /// <summary>Removes and returns the operation in <paramref name="slot"/>; null if the slot is not in use.</summary>
    public RingOperation? Remove(ulong slot)
    {
        if (slot >= (ulong)_operations.Length || _operations[slot] is not RingOperation operation)
        {
            return null;
        }
        _operations[slot] = null;
        _freeSlots[_freeCount++] = (int)slot;
        return operation;
    }

    /// <summary>Removes every operation, for a ring that will never reap them.</summary>
    public IEnumerable<RingOperation> RemoveAll()
    {
        for (int slot = 0; slot < _operations.Length; slot++)
        {
            if (Remove((ulong)slot) is RingOperation operation)
            {
                yield return operation;
            }
        }
    }
}
