using Layered.BlockStack;

namespace Layered.Raid;

/// <summary>
/// Everything a set needs to run: level, chunk, where data starts on each member, how much of
/// each member holds data, and the member in each slot (null for an empty slot).
/// </summary>
public sealed record RaidConfig(RaidLevel Level, int ChunkBytes, long DataOffsetBytes, long MemberDataBytes, IReadOnlyList<IBlockDevice?> Members)
{
    public IReadOnlyList<MemberState>? States { get; init; }

    /// <summary>Per slot, the row a rebuilding member is in sync below (others ignore it).</summary>
    public IReadOnlyList<long>? RebuildRows { get; init; }

    /// <summary>Per slot, a replacement being filled beside the member (a replace interrupted by a restart), or null.</summary>
    public IReadOnlyList<IBlockDevice?>? Replacements { get; init; }

    /// <summary>Per slot, the row the replacement is in sync below.</summary>
    public IReadOnlyList<long>? ReplacementRows { get; init; }

    public string Name { get; init; } = "raid";

    public Guid Id { get; init; } = Guid.NewGuid();

    /// <summary>Persists state changes (superblocks); null for a set that keeps no metadata.</summary>
    public IRaidMetadata? Metadata { get; init; }

    public RebuildOptions Rebuild { get; init; } = new();

    /// <summary>Start rebuilds of Rebuilding members at once; false leaves them to <see cref="RaidDevice.StartPendingRebuilds"/> (after a journal replay).</summary>
    public bool StartRebuilds { get; init; } = true;

    /// <summary>The raid5/6 write-hole journal; null leaves the write hole open.</summary>
    public IStripeJournal? Journal { get; init; }

    /// <summary>The write-intent bitmap; null for a set without one.</summary>
    public IRaidWriteIntent? WriteIntent { get; init; }

    /// <summary>A set over whole members with no on-disk metadata (tests, benchmarks).</summary>
    public static RaidConfig Bare(RaidLevel level, IReadOnlyList<IBlockDevice> members, int chunkBytes = 64 * 1024)
    {
        var memberBytes = members.Min(m => m.SectorCount * m.SectorSize);
        return new RaidConfig(level, chunkBytes, 0, memberBytes / chunkBytes * chunkBytes, members);
    }
}
