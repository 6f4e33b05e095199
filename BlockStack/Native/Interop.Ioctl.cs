using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Layered.BlockStack.Native;

internal static partial class Interop
{
    private const string Libc = "libc";

    // include/uapi/linux/fs.h: _IOR(0x12, 114, size_t), _IO(0x12, 104), _IO(0x12, 119).
    internal const uint BLKGETSIZE64 = 0x80081272;
    internal const uint BLKSSZGET = 0x1268;
    internal const uint BLKDISCARD = 0x1277;

    [LibraryImport(Libc, EntryPoint = "ioctl", SetLastError = true)]
    internal static partial int Ioctl(SafeFileHandle fd, nuint request, out ulong value);

    [LibraryImport(Libc, EntryPoint = "ioctl", SetLastError = true)]
    internal static partial int Ioctl(SafeFileHandle fd, nuint request, out int value);

    /// <summary>For BLKDISCARD: a {start, length} pair in bytes.</summary>
    [LibraryImport(Libc, EntryPoint = "ioctl", SetLastError = true)]
    internal static unsafe partial int Ioctl(SafeFileHandle fd, nuint request, ulong* range);
}
