using System.Runtime.InteropServices;

namespace Layered.Fuse.Native;

internal static partial class Interop
{
    // include/uapi/linux/mount.h
    internal const ulong MS_NOSUID = 2;
    internal const ulong MS_NODEV = 4;

    /// <summary>mount(2); data is the fuse option string (fd=..,rootmode=..).</summary>
    [LibraryImport(Libc, EntryPoint = "mount", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int Mount(string source, string target, string fileSystemType, ulong flags, string data);
}
