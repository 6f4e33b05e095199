using System.Runtime.InteropServices;

namespace Layered.Fuse.Tests.Native;

internal static partial class TestInterop
{
    [LibraryImport(Libc, EntryPoint = "setxattr", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int SetXattr(string path, string name, byte[] value, nuint size, int flags);
}
