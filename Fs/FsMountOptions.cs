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

    /// <summary>
    /// An overwrite within this long of the last write that moved the file's times, with nobody
    /// having read them since, leaves them as they are (and the inode clean), as the kernel's
    /// coarse timestamps do; 0 moves them on every write. A read of the times ends the folding, so
    /// a write after a look always shows. Default 4 ms (one tick of a 250 Hz kernel clock).
    /// </summary>
    public int WriteTimeFoldMs { get; init; } = 4;

    /// <summary>Mount read-only: no replay writes, no changes (fsck without --repair uses it).</summary>
    public bool ReadOnly { get; init; }
}
