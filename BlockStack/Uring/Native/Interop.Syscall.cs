namespace Layered.BlockStack.Uring.Native;

internal static partial class Interop
{
    private const string Libc = "libc";

    // x86_64 syscall numbers (arch/x86/entry/syscalls/syscall_64.tbl). glibc has no
    // wrappers for io_uring, so these go through syscall(2).
    internal const long SYS_io_uring_setup = 425;
    internal const long SYS_io_uring_enter = 426;
    internal const long SYS_io_uring_register = 427;
}
