namespace Layered.Cli.Bench.Fs;

/// <summary>
/// How big and how long <c>bench fs</c> runs. The defaults finish both filesystems in about a
/// minute: metadata phases stop at their time limit even if not every file was reached.
/// </summary>
internal sealed record FsBenchSettings(long SizeBytes, int Files, TimeSpan PhaseDuration, int QueueDepth, bool CompareXfs, ulong Seed)
{
    public const int SequentialChunkBytes = 1 << 20;
    public const int RandomBlockBytes = 4096;
    public const int MaxFiles = 10_000_000;
    public const int MaxFsyncSamples = 100_000;
    public static readonly long MinSizeBytes = 256L << 20;
    public static readonly TimeSpan MaxPhaseDuration = TimeSpan.FromMinutes(5);

    /// <summary>The cap on each metadata phase (create, lookup, stat, unlink).</summary>
    public TimeSpan MetadataLimit => PhaseDuration * 2;

    /// <summary>A quarter of the device, at most 1 GiB, whole MiB: room for metadata and the journal on both sides.</summary>
    public long DataFileBytes => Math.Min(SizeBytes / 4, 1L << 30) / SequentialChunkBytes * SequentialChunkBytes;

    /// <summary>Null when the settings make sense, else why not.</summary>
    public string? Validate() =>
        SizeBytes < MinSizeBytes ? $"--size must be at least {MinSizeBytes >> 20}M"
        : SizeBytes % 4096 != 0 ? "--size must be a multiple of 4k"
        : Files is < 1 or > MaxFiles ? $"--files must be between 1 and {MaxFiles}"
        : PhaseDuration <= TimeSpan.Zero || PhaseDuration > MaxPhaseDuration ? $"--seconds must be positive and at most {MaxPhaseDuration.TotalSeconds:0}"
        : QueueDepth is < 1 or > 256 ? "--qd must be between 1 and 256"
        : null;
}
