using Layered.BlockStack.Resilience;

namespace Layered.BlockStack.Composition;

public sealed class BlockStackOptions
{
    /// <summary>Use io_uring for file devices; when false or unavailable, RandomAccess.</summary>
    public bool UseIoUring { get; set; } = true;

    public int RingEntries { get; set; } = 256;

    /// <summary>Run I/O continuations on the ring thread (benchmarks); callers must then never block.</summary>
    public bool InlineCompletions { get; set; }

    /// <summary>Sector size for new image files and memory devices.</summary>
    public int SectorSize { get; set; } = 512;

    public IoRetryOptions Retry { get; set; } = new();

    /// <summary>Where the one-time io_uring fallback notice goes.</summary>
    public Action<string> Notice { get; set; } = message => Console.Error.WriteLine(message);
}
