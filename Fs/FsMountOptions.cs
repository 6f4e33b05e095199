namespace Layered.Fs;

/// <summary>How a filesystem is mounted.</summary>
public sealed record FsMountOptions
{
    /// <summary>Commit the running transaction this often even without fsync; 0 commits only on fsync, sync and unmount (tests use it for determinism).</summary>
    public int CommitIntervalMs { get; init; } = 5000;

    /// <summary>Metadata blocks kept in memory beyond those a transaction pins.</summary>
    public int CacheBlocks { get; init; } = 65536;

    /// <summary>
    /// Layout leases: the break time before an unresponsive holder is fenced (45 s by default),
    /// and the test-only switch that turns leases off to prove the safety suite can fail.
    /// </summary>
    public Layered.Leases.LeaseOptions Leases { get; init; } = Layered.Leases.LeaseOptions.Default;

    /// <summary>Mount read-only: no replay writes, no changes (fsck without --repair uses it).</summary>
    public bool ReadOnly { get; init; }
}
