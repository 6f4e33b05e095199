using System.Runtime.InteropServices;

namespace Layered.Fuse.Tests.Native;

internal static partial class TestInterop
{
    [LibraryImport(Libc, EntryPoint = "geteuid")]
    internal static partial uint GetEuid();
}
