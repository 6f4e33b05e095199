using System.Runtime.InteropServices;

namespace Layered.BlockStack.Uring.Native;

internal static unsafe partial class Interop
{
    /// <summary>write(2). The SafeHandle keeps the fd from being closed and reused mid-call.</summary>
    [LibraryImport(Libc, EntryPoint = "write", SetLastError = true)]
    internal static partial nint Write(SafeHandle fd, void* buffer, nuint count);
}
