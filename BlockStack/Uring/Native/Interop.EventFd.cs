using System.Runtime.InteropServices;

namespace Layered.BlockStack.Uring.Native;

internal static partial class Interop
{
    internal const int EFD_CLOEXEC = 0x80000;

    [LibraryImport(Libc, EntryPoint = "eventfd", SetLastError = true)]
    internal static partial int EventFd(uint initialValue, int flags);
}
