namespace Layered.Cli.Drill.Load;

/// <summary>Keeps the first findings of each kind with their details; the counters keep the totals.</summary>
internal sealed class FindingLog(DrillClock clock)
{
    public const string WrongData = "wrong_data";
    public const string IoError = "io_error";

    private const int MaxPerKind = 32;

    private readonly List<Finding> _findings = [];

    public void Add(string kind, string phase, long sector, long sectors, string detail)
    {
        var finding = new Finding(clock.Seconds, kind, phase, sector, sectors, detail);
        lock (_findings)
            if (_findings.Count(f => f.Kind == kind) < MaxPerKind) _findings.Add(finding);
    }

    public IReadOnlyList<Finding> All { get { lock (_findings) return [.. _findings]; } }
}
