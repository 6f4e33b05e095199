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

    public ILogger? Logger { get; init; }
}
