using System.Runtime.InteropServices;

namespace Layered.BlockStack.Uring.Native;

internal static unsafe partial class Interop
{
    [LibraryImport(Libc, EntryPoint = "munmap", SetLastError = true)]
    internal static partial int MUnmap(void* address, nuint length);
}
