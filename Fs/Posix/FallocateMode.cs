namespace Layered.Fs.Posix;

/// <summary>fallocate mode bits, with the kernel's values (linux/falloc.h).</summary>
[Flags]
public enum FallocateMode : uint
{
    Default = 0,
    KeepSize = 0x01,
    PunchHole = 0x02,
    ZeroRange = 0x10,
}
