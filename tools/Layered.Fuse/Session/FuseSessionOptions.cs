using Microsoft.Extensions.Logging;

namespace Layered.Fuse.Session;

public sealed record FuseSessionOptions
{
    /// <summary>Threads each blocking in read(2) and serving one request at a time.</summary>
    public int Threads { get; init; } = Math.Clamp(Environment.ProcessorCount * 2, 4, 16);

    /// <summary>How long the kernel may trust a name → node mapping without asking again.</summary>
    public TimeSpan EntryTimeout { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>How long the kernel may trust a node's attributes without asking again.</summary>
    public TimeSpan AttrTimeout { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How long the kernel may remember that a name does not exist. Zero answers a missing name
    /// with ENOENT, which the kernel does not cache; more answers with node 0, which it does, so a
    /// create skips its lookup round trip. Only safe when names change through this mount alone.
    /// </summary>
    public TimeSpan NegativeTimeout { get; init; } = TimeSpan.Zero;

    /// <summary>
    /// Serve requests through io_uring (FUSE over io_uring, kernel 6.14+) when the kernel offers it:
    /// one ring per CPU, its thread pinned there, so a request raised on a CPU is answered on it
    /// without a cross-CPU wake-up. The threads above then only carry FORGET and INTERRUPT.
    /// </summary>
    public bool IoUring { get; init; }

    /// <summary>Entries (requests served at once) per io_uring queue; each holds a max-write payload buffer.</summary>
    public int IoUringQueueDepth { get; init; } = Math.Clamp(64 / Environment.ProcessorCount, 2, 8);

    /// <summary>
    /// How long an io_uring queue thread keeps looking for the next request after serving one
    /// before it sleeps (see <c>RingOptions.PollMicroseconds</c>). Zero never polls.
    /// </summary>
    public TimeSpan IoUringPoll { get; init; }

    /// <summary>
    /// After a direct I/O session writes a file, tell the kernel to drop its cached attributes and
    /// pages of that file (FUSE_NOTIFY_INVAL_INODE). Off only to show what goes wrong without it.
    /// </summary>
    public bool InvalidateAfterDirectWrites { get; init; } = true;

    public ILogger? Logger { get; init; }
}
