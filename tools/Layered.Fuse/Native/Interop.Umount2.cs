using System.Runtime.InteropServices;

namespace Layered.Fuse.Native;

internal static partial class Interop
{
    // include/linux/fs.h: lazy unmount, so a busy mount never blocks the host's shutdown.
    internal const int MNT_DETACH = 2;

    [LibraryImport(Libc, EntryPoint = "umount2", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int Umount2(string target, int flags);
}
