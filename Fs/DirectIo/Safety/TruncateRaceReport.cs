namespace Layered.Fs.DirectIo.Safety;

/// <summary>What a truncate-race run did and what its oracle found.</summary>
public sealed record TruncateRaceReport
{
    public required ulong Seed { get; init; }
    public required bool LeasesEnabled { get; init; }

    /// <summary>Rounds of every task: direct batches, mutations and scratch rounds.</summary>
    public required long Iterations { get; init; }
    public required long DirectOps { get; init; }
    public required long DirectReads { get; init; }
    public required long DirectWrites { get; init; }
    public required long Mutations { get; init; }
    public required long ScratchFilesWritten { get; init; }
    public required long ScratchChecks { get; init; }

    /// <summary>Breaks the lease table handed a scope, and recalls it sent.</summary>
    public required long Breaks { get; init; }
    public required long Recalls { get; init; }
    public required long Fences { get; init; }

    /// <summary>ESTALE completions of the deaf session after it was fenced: expected, not violations.</summary>
    public required long StaleCompletions { get; init; }

    /// <summary>Writes that met ENOSPC (the volumes are kept nearly full on purpose): skipped, not violations.</summary>
    public required long NoSpace { get; init; }
    public required long Violations { get; init; }
    public required IReadOnlyList<string> ViolationSamples { get; init; }
    public required TimeSpan Elapsed { get; init; }

    public bool Passed => Violations == 0;

    public override string ToString() =>
        $"seed {Seed}, leases {(LeasesEnabled ? "on" : "OFF")}: {Iterations} iterations, {DirectOps} direct ops ({DirectReads} reads, {DirectWrites} writes), "
        + $"{Mutations} mutations, {ScratchFilesWritten} scratch files ({ScratchChecks} checks), {Breaks} breaks, {Recalls} recalls, {Fences} fences, "
        + $"{StaleCompletions} stale, {NoSpace} ENOSPC, {Violations} violations in {Elapsed.TotalSeconds:F1} s";
}
