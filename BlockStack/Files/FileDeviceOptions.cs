using Polly;

namespace Layered.BlockStack.Files;

public sealed record FileDeviceOptions
{
    /// <summary>Sector size for image files; a block device reports its own logical sector size.</summary>
    public int SectorSize { get; init; } = 512;

    /// <summary>The shared ring to use; null means RandomAccess (also the fallback when io_uring is unavailable).</summary>
    public UringHost? Host { get; init; }

    /// <summary>Open with O_DIRECT where the target allows it.</summary>
    public bool Direct { get; init; } = true;

    public Guid? Id { get; init; }

    public string? Name { get; init; }

    public ResiliencePipeline<IoResult>? Retry { get; init; }
}
