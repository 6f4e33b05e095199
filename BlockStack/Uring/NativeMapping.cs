using Layered.BlockStack.Uring.Native;

namespace Layered.BlockStack.Uring;

/// <summary>One shared mapping of a ring region (SQ ring, CQ ring or SQE array).</summary>
internal readonly unsafe struct NativeMapping
{
    private NativeMapping(byte* address, nuint lengthBytes)
    {
        Address = address;
        LengthBytes = lengthBytes;
    }

    public byte* Address { get; }

    public nuint LengthBytes { get; }

    public static Errno TryMap(int ringFd, nuint lengthBytes, long offset, out NativeMapping mapping)
    {
        // MAP_POPULATE faults the ring in now rather than on the first I/O.
        void* address = Interop.MMap(null, lengthBytes, Interop.PROT_READ | Interop.PROT_WRITE,
            Interop.MAP_SHARED | Interop.MAP_POPULATE, ringFd, offset);
        if (address == Interop.MAP_FAILED)
        {
            mapping = default;
            return Errno.FromLastPInvokeError();
        }
        mapping = new NativeMapping((byte*)address, lengthBytes);
        return Errno.Success;
    }

    public void Unmap()
    {
        if (Address != null)
        {
            Interop.MUnmap(Address, LengthBytes);
        }
    }
}
