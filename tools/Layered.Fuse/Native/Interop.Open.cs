using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Layered.Fuse.Native;

internal static partial class Interop
{
    // x86_64 values from asm-generic/fcntl.h.
    internal const int O_RDWR = 0x2;
    internal const int O_CLOEXEC = 0x80000;

    /// <summary>open(2). An invalid handle means failure; errno is in Marshal.GetLastPInvokeError().</summary>
    [LibraryImport(Libc, EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial SafeFileHandle Open(string path, int flags, int mode);
}
