namespace Layered.Raid.Assembly;

public sealed record RaidCreateOptions
{
    public int ChunkBytes { get; init; } = 64 * 1024;

    public string Name { get; init; } = "raid";

    /// <summary>Write-intent bitmap region size; null for the default (64 MiB).</summary>
    public long? BitmapRegionBytes { get; init; }

    /// <summary>
    /// Skip discarding the members at create. Only for members known to read as zeros: a
    /// raid5/6 set's parity must match its data from the start.
    /// </summary>
    public bool AssumeClean { get; init; }

    public RebuildOptions Rebuild { get; init; } = new();

    /// <summary>Bytes of write-hole journal per member; null: 4 MiB for raid5/6, none otherwise; 0 leaves the write hole open.</summary>
    public long? JournalBytes { get; init; }

    public const long DefaultJournalBytes = 4L << 20;
}
