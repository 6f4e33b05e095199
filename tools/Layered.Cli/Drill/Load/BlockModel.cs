namespace Layered.Cli.Drill.Load;

/// <summary>
/// What every array sector may hold. Each sector's writes get generations 1, 2, ... that are
/// never reused. Without a crash a read must return the latest generation exactly. A crash
/// makes every sector uncertain: an unflushed write may have landed or not, so a read may
/// return anything from the last durable generation up to the latest, and the first read
/// after the crash pins which one the set kept.
/// </summary>
/// <remarks>
/// Not locked: lanes own disjoint sectors, and crashes and the final check run while the
/// lanes are paused or stopped (the pause is a memory barrier).
/// </remarks>
internal sealed class BlockModel(long sectors)
{
    private readonly long[] _durable = new long[sectors];
    private readonly long[] _latest = new long[sectors];
    private readonly long[] _issued = new long[sectors];
    private readonly bool[] _uncertain = new bool[sectors];

    public long Sectors => sectors;

    public bool EverWritten(long sector) => _issued[sector] > 0;

    /// <summary>The generation for a new write of the sector.</summary>
    public long NextGeneration(long sector) => ++_issued[sector];

    public void Written(long sector, long generation, bool durable)
    {
        _latest[sector] = generation;
        _uncertain[sector] = false;
        if (durable) _durable[sector] = generation;
    }

    /// <summary>A write that reported an error may have landed whole, in part, or not at all.</summary>
    public void WriteFailed(long sector, long generation)
    {
        _latest[sector] = generation;
        _uncertain[sector] = true;
    }

    /// <summary>A flush that began after the sector's last write completed made it durable.</summary>
    public void Flushed(long sector)
    {
        if (!_uncertain[sector]) _durable[sector] = _latest[sector];
    }

    public void Crash() => Array.Fill(_uncertain, true);

    /// <summary>Null when the block read back is acceptable for the sector; otherwise what is wrong with it.</summary>
    public string? Check(long sector, BlockContent content)
    {
        if (content.State is BlockState.Corrupt or BlockState.Foreign) return $"holds {content}";
        if (content.State == BlockState.Written && content.Sector != sector) return $"holds {content}: a misplaced block";
        var generation = content.Generation;
        var latest = _latest[sector];
        if (!_uncertain[sector])
            return generation == latest ? null : $"holds {content}, expected generation {latest}{(generation < latest ? ": stale" : "")}";
        var durable = _durable[sector];
        if (generation < durable || generation > latest)
            return $"holds {content}, expected a generation in [{durable}, {latest}] after the crash";
        _latest[sector] = generation;
        _uncertain[sector] = false;
        return null;
    }
}
