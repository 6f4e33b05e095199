using Layered.BlockStack.Uring;

namespace Layered.Fuse.Session;

/// <summary>
/// Where requests come from and replies go: /dev/fuse in production, a fake kernel peer in tests.
/// Both move whole messages: one read is one request, one write is one reply.
/// </summary>
public interface IFuseChannel
{
    /// <summary>
    /// Blocks until one request is in <paramref name="buffer"/> and returns its length, or 0 once
    /// the connection is gone (unmounted or aborted). Transient conditions (EINTR, a request the
    /// kernel withdrew) are retried inside, never returned.
    /// </summary>
    int Read(Span<byte> buffer);

    /// <summary>
    /// Sends one reply. ENOENT (the kernel no longer waits for that request, e.g. it was
    /// interrupted) and ENODEV (the connection is gone) are normal outcomes, returned, not thrown.
    /// </summary>
    Errno Write(ReadOnlySpan<byte> message);
}
