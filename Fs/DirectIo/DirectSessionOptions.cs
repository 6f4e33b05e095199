using Layered.Leases;

namespace Layered.Fs.DirectIo;

public sealed record DirectSessionOptions
{
    /// <summary>For logs and fence messages.</summary>
    public string Name { get; init; } = "direct-session";

    /// <summary>Read layouts see holes as zeros; write layouts may allocate through map.</summary>
    public LeaseMode Mode { get; init; } = LeaseMode.ReadWrite;

    /// <summary>Test-only: a holder that ignores recalls and keeps issuing through its recalled lease, to show fencing.</summary>
    public bool IgnoreRecalls { get; init; }

    /// <summary>The most ops in flight at once within one batch.</summary>
    public int MaxInFlight { get; init; } = 64;
}
