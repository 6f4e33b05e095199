using System.Runtime.InteropServices;

namespace Layered.BlockStack.Uring.Native;

internal static unsafe partial class Interop
{
    /// <summary>io_uring_setup(2): returns the ring fd, or -1 with errno set.</summary>
    internal static int IoUringSetup(uint entries, io_uring_params* p)
        => (int)SyscallSetup(SYS_io_uring_setup, entries, p);

    // syscall(2) is variadic; on x86_64 passing every argument as a 64-bit integer
    // register is ABI-identical to the variadic call for integer-only arguments.
    [LibraryImport(Libc, EntryPoint = "syscall", SetLastError = true)]
    private static partial long SyscallSetup(long number, ulong entries, io_uring_params* p);
}
