using Layered.Fuse.Protocol;

namespace Layered.Fuse.Session;

/// <summary>
/// What INIT settled: the protocol minor both sides speak and the flags we took (the high ones in
/// <see cref="Flags2"/>), among them whether requests come through io_uring instead of read(2).
/// </summary>
public sealed record FuseConnection(uint Major, uint Minor, FuseInitFlags Flags, uint MaxWriteBytes, FuseInitFlags2 Flags2 = FuseInitFlags2.None)
{
    public bool OverIoUring => (Flags2 & FuseInitFlags2.FUSE_OVER_IO_URING) != 0;
}
