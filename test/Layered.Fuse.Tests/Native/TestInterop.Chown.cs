using System.Runtime.InteropServices;

namespace Layered.Fuse.Tests.Native;

internal static partial class TestInterop
{
    [LibraryImport(Libc, EntryPoint = "chown", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int Chown(string path, uint owner, uint group);
}
