using System.Runtime.InteropServices;

namespace Layered.BlockStack.Uring.Native;

/// <summary>struct __kernel_timespec (include/uapi/linux/time_types.h).</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct __kernel_timespec
{
    public long tv_sec;
    public long tv_nsec;
}
