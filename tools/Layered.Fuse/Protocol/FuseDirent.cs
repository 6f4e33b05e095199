using System.Runtime.InteropServices;

namespace Layered.Fuse.Protocol;

/// <summary>
/// struct fuse_dirent: a readdir record is this header, <see cref="NameLen"/> name bytes, and
/// zero padding to the next 8-byte boundary (FUSE_DIRENT_ALIGN).
/// </summary>
[StructLayout(LayoutKind.Sequential)]
public struct FuseDirent
{
    public const int HeaderSize = 24;

    public ulong Ino;
    /// <summary>The cookie a later readdir passes to continue after this entry.</summary>
    public ulong Off;
    public uint NameLen;
    public uint Type;

    /// <summary>FUSE_DIRENT_SIZE: the bytes one record with a name of <paramref name="nameBytes"/> takes.</summary>
    public static int RecordSize(int nameBytes) => Align8(HeaderSize + nameBytes);

    public static int Align8(int length) => (length + 7) & ~7;
}
