namespace Layered.Fs.Callouts;

/// <summary>What a range of a file is backed by (the iomap types).</summary>
public enum IomapType
{
    /// <summary>Nothing is allocated; reads see zeros.</summary>
    Hole,
    /// <summary>Allocated and written: device I/O reads and writes the data.</summary>
    Mapped,
    /// <summary>Allocated but never written: reads see zeros; a write converts it when the I/O completes.</summary>
    Unwritten,
    /// <summary>The data lives in metadata (symlink targets); no device range.</summary>
    Inline,
}
