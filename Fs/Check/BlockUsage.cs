using Layered.Fs.Allocation;

namespace Layered.Fs.Check;

/// <summary>
/// Every block reference the scan meets, per volume, as extents rather than single blocks, so a
/// large file costs one entry per extent. Sorted once at the end, the references show blocks
/// claimed twice and, merged, the runs the bitmap must mark in use.
/// </summary>
internal sealed class BlockUsage(int volumes)
{
    private readonly List<BlockRef>[] _refs = [.. Enumerable.Range(0, volumes).Select(_ => new List<BlockRef>())];
    private bool _sorted;

    public void Add(int volume, long start, long count, long owner)
    {
        if (count <= 0) return;
        _refs[volume].Add(new BlockRef(start, count, owner));
        _sorted = false;
    }

    /// <summary>Each place two owners claim the same blocks, reported once per overlapping pair of neighbours in block order.</summary>
    public IEnumerable<(BlockRef First, BlockRef Second, BlockExtent Shared)> CrossLinks(int volume)
    {
        Sort();
        var refs = _refs[volume];
        if (refs.Count == 0) yield break;
        var widest = refs[0];
        for (var i = 1; i < refs.Count; i++)
        {
            var current = refs[i];
            if (current.Start < widest.End)
            {
                var end = Math.Min(current.End, widest.End);
                yield return (widest, current, new BlockExtent(current.Start, end - current.Start));
            }
            if (current.End > widest.End) widest = current;
        }
    }

    /// <summary>The referenced blocks of a volume as maximal runs.</summary>
    public List<BlockExtent> Referenced(int volume)
    {
        Sort();
        var runs = new List<BlockExtent>();
        foreach (var r in _refs[volume]) Runs.Append(runs, new BlockExtent(r.Start, r.Count));
        return runs;
    }

    /// <summary>Who references <paramref name="block"/>, in words; for messages.</summary>
    public string OwnerOf(int volume, long block)
    {
        Sort();
        var refs = _refs[volume];
        int lo = 0, hi = refs.Count - 1, found = -1;
        while (lo <= hi)
        {
            var mid = (lo + hi) >>> 1;
            if (refs[mid].Start <= block) { found = mid; lo = mid + 1; } else hi = mid - 1;
        }
        for (var i = found; i >= 0 && i > found - 64; i--)
            if (refs[i].Start <= block && block < refs[i].End) return MetadataOwner.Describe(refs[i].Owner);
        return "nothing";
    }

    private void Sort()
    {
        if (_sorted) return;
        foreach (var refs in _refs) refs.Sort((x, y) => x.Start != y.Start ? x.Start.CompareTo(y.Start) : x.End.CompareTo(y.End));
        _sorted = true;
    }
}
