namespace Layered.Raid;

/// <summary>What a scrub does about rows whose redundancy disagrees with their data.</summary>
public enum ScrubMode
{
    /// <summary>Counts mismatched rows and leaves them as they are.</summary>
    Check,

    /// <summary>Counts mismatched rows and rewrites their redundancy (other mirror copies, or parity).</summary>
    Repair,
}
