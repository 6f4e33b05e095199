using Layered.Fuse.Session;

namespace Layered.Fuse.Mounting;

public sealed record FuseMountOptions
{
    /// <summary>Lets users other than the mounter see the mount (allow_other).</summary>
    public bool AllowOther { get; init; }

    public FuseSessionOptions Session { get; init; } = new();

    /// <summary>How long unmount waits for the workers to see the connection end before it aborts the connection.</summary>
    public TimeSpan StopTimeout { get; init; } = TimeSpan.FromSeconds(5);
}
