using Layered.Fuse.Protocol;

namespace Layered.Fuse.Session;

/// <summary>
/// What INIT settled: the protocol minor both sides speak, the flags we took, and whether requests
/// come through io_uring (<see cref="OverIoUring"/>) instead of read(2) on /dev/fuse.
/// </summary>
public sealed record FuseConnection(uint Major, uint Minor, FuseInitFlags Flags, uint MaxWriteBytes, bool OverIoUring = false);
