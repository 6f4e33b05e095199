namespace Layered.Cli.Drill.Faults;

/// <summary>What the crashes of a drill came to: how many, and what each reassembly had to repair.</summary>
internal sealed class CrashOutcome
{
    public int Crashes { get; set; }

    public long ReplayedJournalRecords { get; set; }

    public long ResyncedRows { get; set; }

    /// <summary>Refusals the assemblies made (former members, stale devices): expected, and worth showing.</summary>
    public List<string> Refused { get; } = [];
}
