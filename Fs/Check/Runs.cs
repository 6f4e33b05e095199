using Layered.Fs.Allocation;

namespace Layered.Fs.Check;

/// <summary>Sorted lists of disjoint block runs, as the bitmap and the references are compared.</summary>
internal static class Runs
{
    /// <summary>Appends a run that starts at or after the last one ends, merging when they touch.</summary>
    public static void Append(List<BlockExtent> runs, BlockExtent run)
    {
        if (run.Count <= 0) return;
        if (runs.Count > 0 && runs[^1].End >= run.Start)
        {
            if (run.End > runs[^1].End) runs[^1] = runs[^1] with { Count = run.End - runs[^1].Start };
            return;
        }
        runs.Add(run);
    }

    /// <summary>The blocks of <paramref name="a"/> that are in no run of <paramref name="b"/>.</summary>
    public static List<BlockExtent> Subtract(IReadOnlyList<BlockExtent> a, IReadOnlyList<BlockExtent> b)
    {
        var result = new List<BlockExtent>();
        var j = 0;
        foreach (var run in a)
        {
            var at = run.Start;
            while (j < b.Count && b[j].End <= at) j++;
            for (var k = j; k < b.Count && b[k].Start < run.End; k++)
            {
                if (b[k].Start > at) result.Add(new BlockExtent(at, b[k].Start - at));
                at = Math.Max(at, b[k].End);
            }
            if (at < run.End) result.Add(new BlockExtent(at, run.End - at));
        }
        return result;
    }

    public static long Blocks(IEnumerable<BlockExtent> runs) => runs.Sum(r => r.Count);
}
