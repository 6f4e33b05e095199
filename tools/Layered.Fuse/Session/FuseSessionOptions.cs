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

    public ILogger? Logger { get; init; }
}
