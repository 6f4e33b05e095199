using System.Buffers.Binary;
using System.Runtime.InteropServices;
using Layered.BlockStack.Uring;
using Layered.Fs.Posix;

namespace Layered.Cli.Copy;

/// <summary>
/// lstat for the host side of a copy. .NET's file APIs cannot tell a fifo or a device node from
/// a regular file (and opening a fifo blocks), so the type comes from statx(2), whose layout is
/// the same on every architecture, unlike struct stat.
/// </summary>
internal static partial class HostStat
{
    private const int AT_FDCWD = -100;
    private const int AT_SYMLINK_NOFOLLOW = 0x100;
    private const uint STATX_BASIC_STATS = 0x7FF;
    private const int StatxBytes = 256;

    // Offsets in struct statx (include/uapi/linux/stat.h).
    private const int ModeOffset = 28;
    private const int SizeOffset = 40;
    private const int ModifyTimeOffset = 112;

    public static TreeNode? Of(string path)
    {
        var buffer = new byte[StatxBytes];
        if (Statx(AT_FDCWD, path, AT_SYMLINK_NOFOLLOW, STATX_BASIC_STATS, buffer) != 0)
        {
            var errno = (Errno)Marshal.GetLastPInvokeError();
            if (errno is Errno.ENOENT or Errno.ENOTDIR) return null;
            throw new IOException($"cannot stat {path}: {errno}");
        }
        var mode = BinaryPrimitives.ReadUInt16LittleEndian(buffer.AsSpan(ModeOffset));
        var size = BinaryPrimitives.ReadInt64LittleEndian(buffer.AsSpan(SizeOffset));
        var seconds = BinaryPrimitives.ReadInt64LittleEndian(buffer.AsSpan(ModifyTimeOffset));
        var nanoseconds = BinaryPrimitives.ReadUInt32LittleEndian(buffer.AsSpan(ModifyTimeOffset + 8));
        return new TreeNode(path, UnixMode.KindOf(mode), mode, size, seconds * 1_000_000_000 + nanoseconds);
    }

    // A byte[] and a string marshal without unsafe code, which this project does not allow.
    [DllImport("libc", EntryPoint = "statx", SetLastError = true)]
#pragma warning disable SYSLIB1054 // LibraryImport would need AllowUnsafeBlocks for its generated stub
    private static extern int Statx(int dirfd, [MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags, uint mask, byte[] buffer);
#pragma warning restore SYSLIB1054
}
