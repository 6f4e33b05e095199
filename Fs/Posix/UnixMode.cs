namespace Layered.Fs.Posix;

/// <summary>st_mode helpers: the type in S_IFMT, permissions and set-id bits in the low 12 bits.</summary>
public static class UnixMode
{
    public const uint S_IFMT = 0xF000;
    public const uint PermissionBits = 0xFFF;
    public const uint S_ISUID = 0x800;
    public const uint S_ISGID = 0x400;
    public const uint S_IXGRP = 0x008;

    public static FileKind KindOf(uint mode) => (FileKind)(mode & S_IFMT);

    public static uint Make(FileKind kind, uint permissions) => (uint)kind | (permissions & PermissionBits);

    public static bool IsKnownKind(uint mode) => KindOf(mode) is FileKind.Fifo or FileKind.CharDevice or FileKind.Directory
        or FileKind.BlockDevice or FileKind.Regular or FileKind.Symlink or FileKind.Socket;

    /// <summary>The d_type a readdir entry carries (DT_*), which is the S_IFMT value shifted right by 12.</summary>
    public static byte DirentType(FileKind kind) => (byte)((uint)kind >> 12);
}
