using System.Runtime.InteropServices;

namespace Layered.BlockStack.Uring.Native;

internal static unsafe partial class Interop
{
    /// <summary>io_uring_register(2): returns an opcode-specific value &gt;= 0, or -1 with errno set.</summary>
    internal static int IoUringRegister(int ringFd, uint opcode, void* arg, uint nrArgs)
        => (int)SyscallRegister(SYS_io_uring_register, ringFd, opcode, arg, nrArgs);

    [LibraryImport(Libc, EntryPoint = "syscall", SetLastError = true)]
    private static partial long SyscallRegister(long number, long ringFd, ulong opcode, void* arg, ulong nrArgs);
}
