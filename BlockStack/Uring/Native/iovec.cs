using System.Runtime.InteropServices;

namespace Layered.BlockStack.Uring.Native;

#pragma warning disable CS8981 // Keeps the C name of struct iovec (<sys/uio.h>), like the other interop structs.
/// <summary>struct iovec.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct iovec
{
    public void* iov_base;
    public nuint iov_len;
}
#pragma warning restore CS8981
