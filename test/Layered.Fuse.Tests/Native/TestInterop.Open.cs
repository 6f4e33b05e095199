using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Layered.Fuse.Tests.Native;

internal static partial class TestInterop
{
    internal const int O_RDWR = 0x2;

    internal static int O_DIRECT => Layered.BlockStack.Files.OpenFlags.Direct;

    [LibraryImport(Libc, EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags, int mode);

    /// <summary>An existing file opened read-write with O_DIRECT, which .NET's FileOptions cannot ask for.</summary>
    internal static SafeFileHandle OpenDirect(string path)
    {
        var fd = Open(path, O_RDWR | O_DIRECT, 0);
        if (fd < 0) throw new IOException($"open({path}, O_DIRECT) failed: errno {Marshal.GetLastPInvokeError()}");
        return new SafeFileHandle(fd, ownsHandle: true);
    }
}
