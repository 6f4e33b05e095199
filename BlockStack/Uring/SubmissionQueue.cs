using System.Diagnostics;
using Layered.BlockStack.Uring.Native;

namespace Layered.BlockStack.Uring;

/// <summary>
/// The mmap'd SQ ring, driven by the ring thread only. SQEs are written at a local tail and become
/// visible to the kernel when <see cref="Publish"/> stores the tail with release semantics. Without
/// SQPOLL the kernel moves the head only inside io_uring_enter, so head..tail is exactly what is
/// still to be submitted.
/// </summary>
internal unsafe struct SubmissionQueue
{
    private readonly uint* _head;
    private readonly uint* _tail;
    private readonly io_uring_sqe* _sqes;
    private readonly uint _mask;
    /// <summary>1 when the ring was set up with IORING_SETUP_SQE128: slot i is then 64-byte entries 2i and 2i+1.</summary>
    private readonly int _entryShift;
    private uint _localTail;

    public SubmissionQueue(byte* ringBase, in io_sqring_offsets offsets, io_uring_sqe* sqes, bool largeEntries)
    {
        _head = (uint*)(ringBase + offsets.head);
        _tail = (uint*)(ringBase + offsets.tail);
        _mask = *(uint*)(ringBase + offsets.ring_mask);
        Entries = *(uint*)(ringBase + offsets.ring_entries);
        _sqes = sqes;
        _entryShift = largeEntries ? 1 : 0;
        _localTail = *_tail;

        // The index array adds an indirection this ring never needs: SQE slot i always sits at
        // array[i], so it is filled once here and never touched again.
        uint* array = (uint*)(ringBase + offsets.array);
        for (uint i = 0; i < Entries; i++)
        {
            array[i] = i;
        }
    }

    public uint Entries { get; }

    /// <summary>SQEs written (published or not) that the kernel has not consumed yet.</summary>
    public uint Pending => _localTail - Volatile.Read(ref *_head);

    public uint Free => Entries - Pending;

    /// <summary>Claims the next SQE slot (as it was left; the caller writes all of it); check <see cref="Free"/> first.</summary>
    public io_uring_sqe* Next()
    {
        Debug.Assert(Free > 0, $"SQ full: pending {Pending}, entries {Entries}");
        io_uring_sqe* sqe = &_sqes[(_localTail & _mask) << _entryShift];
        _localTail++;
        return sqe;
    }

    /// <summary>Makes every claimed SQE visible to the kernel; returns how many await submission.</summary>
    public uint Publish()
    {
        Volatile.Write(ref *_tail, _localTail);
        return Pending;
    }
}
