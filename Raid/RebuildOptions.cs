namespace Layered.Raid;

public sealed record RebuildOptions
{
    /// <summary>Rows copied per window; foreground I/O to those rows waits for the window.</summary>
    public int RowsPerWindow { get; init; } = 16;

    /// <summary>Upper bound on rebuild traffic in bytes per second written to the target; 0 = unbounded.</summary>
    public long MaxBytesPerSecond { get; init; }

    /// <summary>The checkpoint is persisted at most this often.</summary>
    public TimeSpan CheckpointInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Start rebuilding onto a spare as soon as a member fails.</summary>
    public bool AutoRebuildOntoSpares { get; init; } = true;
}
