using Layered.BlockStack.Uring.Native;

namespace Layered.BlockStack.Uring;

/// <summary>
/// The mmap'd CQ ring, read by the ring thread only. The tail is loaded with acquire semantics
/// (the kernel wrote the CQE before it moved the tail), and the head is stored with release
/// semantics once the CQE has been copied out, handing the slot back to the kernel.
/// </summary>
internal unsafe struct CompletionQueue
{
    private readonly uint* _head;
    private readonly uint* _tail;
    private readonly io_uring_cqe* _cqes;
    private readonly uint _mask;

    public CompletionQueue(byte* ringBase, in io_cqring_offsets offsets)
    {
        _head = (uint*)(ringBase + offsets.head);
        _tail = (uint*)(ringBase + offsets.tail);
        _mask = *(uint*)(ringBase + offsets.ring_mask);
        Entries = *(uint*)(ringBase + offsets.ring_entries);
        _cqes = (io_uring_cqe*)(ringBase + offsets.cqes);
    }

    public uint Entries { get; }

    public bool TryDequeue(out io_uring_cqe cqe)
    {
        uint head = *_head;
        if (head == Volatile.Read(ref *_tail))
        {
            cqe = default;
            return false;
        }
        cqe = _cqes[head & _mask];
        Volatile.Write(ref *_head, head + 1);
        return true;
    }
}
