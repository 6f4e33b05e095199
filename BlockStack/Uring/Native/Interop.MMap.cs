using System.Runtime.InteropServices;

namespace Layered.BlockStack.Uring.Native;

internal static unsafe partial class Interop
{
    internal const int PROT_READ = 0x1;
    internal const int PROT_WRITE = 0x2;
    internal const int MAP_SHARED = 0x01;
    internal const int MAP_POPULATE = 0x8000;
    internal static readonly void* MAP_FAILED = (void*)-1;

    [LibraryImport(Libc, EntryPoint = "mmap", SetLastError = true)]
    internal static partial void* MMap(void* address, nuint length, int protection, int flags, int fd, long offset);
}
