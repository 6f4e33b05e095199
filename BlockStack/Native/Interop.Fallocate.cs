using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Layered.BlockStack.Native;

internal static partial class Interop
{
    // include/uapi/linux/falloc.h
    internal const int FALLOC_FL_KEEP_SIZE = 0x01;
    internal const int FALLOC_FL_PUNCH_HOLE = 0x02;

    [LibraryImport(Libc, EntryPoint = "fallocate", SetLastError = true)]
    internal static partial int Fallocate(SafeFileHandle fd, int mode, long offset, long length);
}
