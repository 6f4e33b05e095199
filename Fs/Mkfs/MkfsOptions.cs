namespace Layered.Fs.Mkfs;

/// <summary>What mkfs builds: block size, journal size, label.</summary>
public sealed record MkfsOptions
{
    public int BlockSize { get; init; } = 4096;

    /// <summary>Journal bytes on volume 0; 0 picks a size from the volume (1% within 4..128 MiB).</summary>
    public long JournalBytes { get; init; }

    public string Label { get; init; } = "layered";

    /// <summary>Fixed uuids make tests reproducible; null draws fresh ones.</summary>
    public Guid? FsId { get; init; }
}
