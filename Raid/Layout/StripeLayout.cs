namespace Layered.Raid.Layout;

/// <summary>
/// Where every array sector lives. The array's data space is cut into rows; a row holds
/// <see cref="DataChunks"/> data chunks, each stored on <see cref="Copies"/> members, plus
/// <see cref="ParityChunks"/> rotating parity chunks. One geometry serves every level:
/// linear is raid0 with a single row whose chunk is a whole member; raid1 is one data chunk
/// per row on every member; raid10 pairs slots (2j, 2j+1). Layouts are described in
/// docs/format.md, "RAID data layout".
/// </summary>
public sealed class StripeLayout
{
    public StripeLayout(RaidLevel level, int members, long chunkSectors, long memberDataSectors, long dataOffsetSectors)
    {
        if (members < 1 || members > 64) throw new ArgumentOutOfRangeException(nameof(members), members, "a set has 1 to 64 members");
        if (level == RaidLevel.Raid10 && members % 2 != 0) throw new ArgumentException($"raid10 needs an even number of members, not {members}", nameof(members));
        if (level == RaidLevel.Raid5 && members < 3) throw new ArgumentException("raid5 needs at least 3 members", nameof(members));
        if (level == RaidLevel.Raid6 && members < 4) throw new ArgumentException("raid6 needs at least 4 members", nameof(members));
        Level = level;
        Members = members;
        DataOffsetSectors = dataOffsetSectors;
        ChunkSectors = level == RaidLevel.Linear ? memberDataSectors : chunkSectors;
        if (ChunkSectors <= 0 || memberDataSectors < ChunkSectors)
            throw new ArgumentOutOfRangeException(nameof(chunkSectors), chunkSectors, $"each member needs at least one chunk; it has {memberDataSectors} data sectors");
        Rows = memberDataSectors / ChunkSectors;
        (DataChunks, Copies, ParityChunks) = level switch
        {
            RaidLevel.Linear or RaidLevel.Raid0 => (members, 1, 0),
            RaidLevel.Raid1 => (1, members, 0),
            RaidLevel.Raid10 => (members / 2, 2, 0),
            RaidLevel.Raid5 => (members - 1, 1, 1),
            _ => (members - 2, 1, 2),
        };
        DataSectors = Rows * DataChunks * ChunkSectors;
    }

    public RaidLevel Level { get; }

    public int Members { get; }

    public long ChunkSectors { get; }

    public long Rows { get; }

    public int DataChunks { get; }

    public int Copies { get; }

    public int ParityChunks { get; }

    public long DataOffsetSectors { get; }

    /// <summary>The array's size in sectors.</summary>
    public long DataSectors { get; }

    public long RowDataSectors => DataChunks * ChunkSectors;

    /// <summary>The row, data chunk and offset inside the chunk of an array sector.</summary>
    public (long Row, int Chunk, long Within) Locate(long arraySector)
    {
        var row = Math.DivRem(arraySector, RowDataSectors, out var inRow);
        var chunk = (int)Math.DivRem(inRow, ChunkSectors, out var within);
        return (row, chunk, within);
    }

    /// <summary>The array sector where a row's data chunk starts.</summary>
    public long ArraySector(long row, int chunk) => row * RowDataSectors + chunk * ChunkSectors;

    /// <summary>The member holding copy <paramref name="copy"/> of a data chunk.</summary>
    public int DataSlot(long row, int chunk, int copy = 0) => Level switch
    {
        RaidLevel.Raid1 => copy,
        RaidLevel.Raid10 => 2 * chunk + copy,
        // Left-symmetric: data starts right after parity and wraps, so consecutive chunks
        // of a sequential read land on consecutive members.
        RaidLevel.Raid5 or RaidLevel.Raid6 => (PSlot(row) + ParityChunks + chunk) % Members,
        _ => chunk,
    };

    /// <summary>The member holding P in a row: it moves one member left per row.</summary>
    public int PSlot(long row) => ParityChunks == 0 ? -1 : Members - 1 - (int)(row % Members);

    /// <summary>The member holding Q in a raid6 row: right after P.</summary>
    public int QSlot(long row) => ParityChunks < 2 ? -1 : (PSlot(row) + 1) % Members;

    /// <summary>Which data chunk a member holds in a row, or -1 for a parity chunk.</summary>
    public int ChunkOf(long row, int slot)
    {
        for (var chunk = 0; chunk < DataChunks; chunk++)
            for (var copy = 0; copy < Copies; copy++)
                if (DataSlot(row, chunk, copy) == slot) return chunk;
        return -1;
    }

    /// <summary>A member's sector for an offset inside a row's chunk.</summary>
    public long MemberSector(long row, long within) => DataOffsetSectors + row * ChunkSectors + within;
}
