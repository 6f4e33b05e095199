using System.Runtime.InteropServices;

namespace Layered.BlockStack.Uring.Native;

internal static partial class Interop
{
    // Not retried on EINTR: Linux releases the descriptor even when close reports EINTR.
    [LibraryImport(Libc, EntryPoint = "close", SetLastError = true)]
    internal static partial int Close(int fd);
}
