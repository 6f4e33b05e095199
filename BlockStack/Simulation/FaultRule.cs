namespace Layered.BlockStack.Simulation;

/// <summary>
/// One fault source: a kind, the chance it fires on a matching operation, and the sectors it
/// applies to. Rules fire deterministically from the device seed and the operation index.
/// </summary>
public sealed record FaultRule(FaultKind Kind, double Rate = 1.0)
{
    /// <summary>First sector of the range the rule applies to.</summary>
    public long FirstSector { get; init; }

    /// <summary>Length of the range; the default covers the whole device.</summary>
    public long SectorCount { get; init; } = long.MaxValue;

    /// <summary>Read and write errors report <see cref="IoStatus.Transient"/> instead of IoError, so retries may succeed.</summary>
    public bool Transient { get; init; }

    /// <summary>The rule is dormant until this many operations have run on the device.</summary>
    public long AfterOps { get; init; }

    /// <summary>The rule stops firing after this many hits.</summary>
    public long MaxHits { get; init; } = long.MaxValue;

    public int DelayMs { get; init; } = 10;

    internal bool Covers(long sector, long count) =>
        sector < FirstSector + Math.Min(SectorCount, long.MaxValue - FirstSector) && FirstSector < sector + Math.Max(count, 1);

    public override string ToString() =>
        $"{Kind} rate {Rate:0.###} sectors [{FirstSector}, {(SectorCount == long.MaxValue ? "end" : (FirstSector + SectorCount).ToString())})"
        + (Transient ? " transient" : "") + (AfterOps > 0 ? $" after {AfterOps} ops" : "") + (MaxHits != long.MaxValue ? $" max {MaxHits}" : "");
}
