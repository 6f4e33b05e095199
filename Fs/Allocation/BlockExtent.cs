namespace Layered.Fs.Allocation;

/// <summary>A run of <see cref="Count"/> consecutive blocks of one volume, starting at <see cref="Start"/>.</summary>
public readonly record struct BlockExtent(long Start, long Count)
{
    /// <summary>The first block past the extent.</summary>
    public long End => Start + Count;

    public bool Contains(long block) => block >= Start && block < End;

    public override string ToString() => $"[{Start}, {End})";
}
