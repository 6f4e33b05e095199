using System.Runtime.InteropServices;

namespace Layered.Fuse.Native;

internal static partial class Interop
{
    /// <summary>write(2): one whole reply per call, as /dev/fuse requires.</summary>
    [LibraryImport(Libc, EntryPoint = "write", SetLastError = true)]
    internal static unsafe partial nint Write(SafeHandle fd, byte* buffer, nint count);
}
