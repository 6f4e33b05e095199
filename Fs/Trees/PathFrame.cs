using Layered.Fs.Cache;

namespace Layered.Fs.Trees;

/// <summary>
/// One node on the way from the root to a leaf: the child index taken (or, in the leaf, the
/// search result), and the key range the parent allows this node: [Low, High), High null for
/// no upper bound.
/// </summary>
internal struct PathFrame(MetadataBlock block, int index, TreeKey low, TreeKey? high)
{
    public MetadataBlock Block = block;
    public int Index = index;
    public TreeKey Low = low;
    public TreeKey? High = high;
}
