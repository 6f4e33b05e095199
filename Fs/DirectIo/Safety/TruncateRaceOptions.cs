namespace Layered.Fs.DirectIo.Safety;

/// <summary>The shape of one truncate-race run. The defaults suit a CI test of a few seconds.</summary>
public sealed record TruncateRaceOptions
{
    /// <summary>Seeds every task's choices; the interleaving is the scheduler's, the choices replay.</summary>
    public ulong Seed { get; init; } = 1;

    /// <summary>Stop once the mutators have done this many truncates, punches, zero-ranges and extensions (0: no limit).</summary>
    public int Mutations { get; init; } = 2000;

    /// <summary>Stop after this long in any case.</summary>
    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Files the direct sessions read and write and the mutators shrink and regrow (at most 255).</summary>
    public int TargetFiles { get; init; } = 4;

    /// <summary>Blocks each target file may span.</summary>
    public int TargetBlocks { get; init; } = 32;

    /// <summary>Cooperative direct sessions, each registered on every target file.</summary>
    public int Sessions { get; init; } = 4;

    /// <summary>Ops a session submits per batch.</summary>
    public int BatchOps { get; init; } = 4;

    /// <summary>The longest run of blocks one op moves.</summary>
    public int MaxOpBlocks { get; init; } = 4;

    /// <summary>
    /// One more session that only reads, under read layouts, which allocation into a hole breaks.
    /// Writers break those layouts without waiting while in flight, and step out of flight to wait
    /// (see ReadLayoutBreakDeadlockTests), so this cannot deadlock with a truncate.
    /// </summary>
    public bool ReadLayoutSession { get; init; } = true;

    /// <summary>
    /// One more session that ignores recalls, so breakers fence it after the mount's break time;
    /// its ESTALE completions are expected and it re-registers its file now and then.
    /// </summary>
    public bool DeafSession { get; init; }

    /// <summary>
    /// Direct ops that complete between one mutator's mutations. Breakers go first by design, so
    /// unpaced mutators would keep the sessions recalled and the race would have no I/O in it.
    /// </summary>
    public int OpsPerMutation { get; init; } = 8;

    /// <summary>Tasks that truncate, punch, zero and re-extend.</summary>
    public int Mutators { get; init; } = 2;

    /// <summary>Scratch files alive at once, written through the filesystem into freed blocks.</summary>
    public int ScratchFiles { get; init; } = 6;

    public int ScratchMaxBlocks { get; init; } = 16;

    /// <summary>
    /// Free blocks left per volume after the ballast file fills the rest, so freed blocks are
    /// what the next allocation gets. 0 leaves the volumes as they are.
    /// </summary>
    public long FreeBlocksLeft { get; init; } = 512;

    /// <summary>Place target and scratch files round-robin on the volumes with the placement xattr, instead of the default spread.</summary>
    public bool PlaceByXattr { get; init; }

    /// <summary>How many violation descriptions the report keeps.</summary>
    public int KeepViolations { get; init; } = 20;

    internal void Validate()
    {
        if (TargetFiles is < 1 or > 255) throw new ArgumentOutOfRangeException(nameof(TargetFiles), TargetFiles, "1 to 255");
        if (TargetBlocks is < 2 or > ushort.MaxValue) throw new ArgumentOutOfRangeException(nameof(TargetBlocks), TargetBlocks, "2 to 65535");
        if (Sessions < 1 || BatchOps < 1 || MaxOpBlocks < 1 || Mutators < 1 || ScratchFiles < 1 || ScratchMaxBlocks < 1)
            throw new ArgumentException("sessions, batch ops, op blocks, mutators and scratch files must all be at least 1");
        if (Duration <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(Duration), Duration, "must be positive");
    }
}
