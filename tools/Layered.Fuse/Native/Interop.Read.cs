using System.Runtime.InteropServices;

namespace Layered.Fuse.Native;

internal static partial class Interop
{
    /// <summary>read(2): blocks until the kernel has a request; -1 and errno on failure.</summary>
    [LibraryImport(Libc, EntryPoint = "read", SetLastError = true)]
    internal static unsafe partial nint Read(SafeHandle fd, byte* buffer, nint count);
}
