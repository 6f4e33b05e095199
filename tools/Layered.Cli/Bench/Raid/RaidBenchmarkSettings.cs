namespace Layered.Cli.Bench.Raid;

/// <summary>How long each side of a comparison runs, how large each set is, and the seed of the random offsets.</summary>
internal sealed record RaidBenchmarkSettings(TimeSpan Duration, long SetBytes, ulong Seed)
{
    public const int ChunkBytes = 64 * 1024;
    public const int QueueDepth = 32;
    public const long MinSetBytes = 4L << 20;
    public static readonly TimeSpan MaxDuration = TimeSpan.FromMinutes(10);

    /// <summary>
    /// Peak memory relative to the set size, as measured (3.3 GB resident for 1G sets): the raid5
    /// set and its spare hold 5/3 of it, and the GC copies the members' 64 KiB chunks as it
    /// promotes them while a set is filled. Sets are freed between sections.
    /// </summary>
    public const double PeakMemoryPerSetByte = 3.5;
}
