using Layered.Fs.Callouts;
using Layered.Fs.Format;

namespace Layered.Fs.Extents;

/// <summary>A run of file blocks with one backing: a hole, or blocks from <see cref="Start"/> on (Mapped or Unwritten).</summary>
public readonly record struct FileSegment(long FileBlock, long Count, IomapType Type, BlockAddress Start)
{
    public long FileEnd => FileBlock + Count;

    /// <summary>The device block backing file block <paramref name="fileBlock"/>, which must lie in this segment.</summary>
    public BlockAddress At(long fileBlock) => Start with { Block = Start.Block + (fileBlock - FileBlock) };
}
