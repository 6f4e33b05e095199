using Layered.Fuse.Protocol;

namespace Layered.Fuse.Session;

/// <summary>What INIT settled: the protocol minor both sides speak and the flags we took.</summary>
public sealed record FuseConnection(uint Major, uint Minor, FuseInitFlags Flags, uint MaxWriteBytes);
