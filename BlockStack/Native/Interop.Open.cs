using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Layered.BlockStack.Native;

internal static partial class Interop
{
    // Values from asm-generic/fcntl.h, which x86_64 and arm64 share except O_DIRECT (OpenFlags);
    // .NET's FileOptions has no O_DIRECT.
    internal const int O_RDONLY = 0x0;
    internal const int O_WRONLY = 0x1;
    internal const int O_RDWR = 0x2;
    internal const int O_CREAT = 0x40;
    internal const int O_EXCL = 0x80;
    internal const int O_TRUNC = 0x200;
    internal static readonly int O_DIRECT = Files.OpenFlags.Direct;
    internal const int O_CLOEXEC = 0x80000;

    /// <summary>open(2). An invalid handle means failure; errno is in Marshal.GetLastPInvokeError().</summary>
    [LibraryImport(Libc, EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial SafeFileHandle Open(string path, int flags, int mode);
}
