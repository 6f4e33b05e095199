using Layered.BlockStack.Uring;

namespace Layered.Leases;

/// <summary>
/// A non-blocking breaker (an O_NONBLOCK truncate, say) found a lease it would have to recall,
/// or another breaker it would have to wait for. Nothing was recalled. The filesystem returns
/// <see cref="Errno"/> (EAGAIN, which is EWOULDBLOCK on Linux) to its caller.
/// </summary>
public sealed class LeaseBreakWouldBlockException(ulong inode, string range, string reason)
    : Exception($"inode {inode} {range}: breaking would block ({reason})")
{
    public Errno Errno => Errno.EAGAIN;

    public ulong Inode { get; } = inode;
}
