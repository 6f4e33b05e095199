using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Layered.Cli.Bench.Fs;

/// <summary>
/// Opens a host file with O_DIRECT, which .NET's FileOptions cannot ask for on Linux (its
/// NoBuffering bit is ignored there). The handle then works with RandomAccess and FileStream.
/// </summary>
internal static class DirectOpen
{
    private const int O_RDWR = 0x2;
    private const int O_CREAT = 0x40;
    private const int O_EXCL = 0x80;
    private const int O_CLOEXEC = 0x80000;
    private const int Permissions = 0x1A4; // 0644

    private static int O_DIRECT => Layered.BlockStack.Files.OpenFlags.Direct;

    public static SafeFileHandle CreateNew(string path)
    {
        var fd = Open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC | O_DIRECT, Permissions);
        if (fd < 0) throw new IOException($"cannot open {path} with O_DIRECT: errno {Marshal.GetLastPInvokeError()}");
        return new SafeFileHandle(fd, ownsHandle: true);
    }

    [DllImport("libc", EntryPoint = "open", SetLastError = true)]
#pragma warning disable SYSLIB1054 // LibraryImport would need AllowUnsafeBlocks for its generated stub
    private static extern int Open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags, int mode);
#pragma warning restore SYSLIB1054
}
