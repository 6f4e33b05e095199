using System.Runtime.InteropServices;

namespace Layered.Fuse.Tests.Native;

internal static partial class TestInterop
{
    internal const int SEEK_DATA = 3;
    internal const int SEEK_HOLE = 4;

    /// <summary>lseek(2), for SEEK_DATA/SEEK_HOLE, which .NET streams do not offer.</summary>
    [LibraryImport(Libc, EntryPoint = "lseek", SetLastError = true)]
    internal static partial long Lseek(SafeHandle fd, long offset, int whence);
}
