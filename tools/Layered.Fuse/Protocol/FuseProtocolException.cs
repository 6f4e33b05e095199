namespace Layered.Fuse.Protocol;

/// <summary>A request the kernel (or a peer posing as it) sent that does not parse; it is answered with EINVAL.</summary>
public sealed class FuseProtocolException(string message) : Exception(message);
