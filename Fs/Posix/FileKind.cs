namespace Layered.Fs.Posix;

/// <summary>The file type bits of st_mode (S_IFMT), as the kernel numbers them.</summary>
public enum FileKind : uint
{
    Fifo = 0x1000,
    CharDevice = 0x2000,
    Directory = 0x4000,
    BlockDevice = 0x6000,
    Regular = 0x8000,
    Symlink = 0xA000,
    Socket = 0xC000,
}
