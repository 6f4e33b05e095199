using System.Runtime.InteropServices;

namespace Layered.BlockStack.Uring.Native;

internal static unsafe partial class Interop
{
    /// <summary>
    /// io_uring_enter(2): returns the number of SQEs consumed, or -1 with errno set.
    /// <paramref name="arg"/> is a sigset_t* or, with IORING_ENTER_EXT_ARG, an io_uring_getevents_arg*.
    /// </summary>
    internal static int IoUringEnter(int ringFd, uint toSubmit, uint minComplete, uint flags, void* arg, nuint argSize)
        => (int)SyscallEnter(SYS_io_uring_enter, ringFd, toSubmit, minComplete, flags, arg, argSize);

    [LibraryImport(Libc, EntryPoint = "syscall", SetLastError = true)]
    private static partial long SyscallEnter(long number, long ringFd, ulong toSubmit, ulong minComplete, ulong flags, void* arg, nuint argSize);
}
