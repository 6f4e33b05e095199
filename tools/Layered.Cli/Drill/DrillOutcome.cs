using Layered.Cli.Drill.Faults;
using Layered.Cli.Drill.Load;
using Layered.Cli.Drill.Timeline;

namespace Layered.Cli.Drill;

/// <summary>Everything a finished (or interrupted) drill has to report.</summary>
internal sealed class DrillOutcome(DrillSettings settings, LoadCounters counters)
{
    public DrillSettings Settings => settings;

    public LoadCounters Counters => counters;

    public double ElapsedSeconds { get; set; }

    public bool Interrupted { get; set; }

    public IReadOnlyList<FaultStep> Schedule { get; set; } = [];

    public IReadOnlyList<DrillEvent> Events { get; set; } = [];

    public IReadOnlyList<TimelineSample> Samples { get; set; } = [];

    public IReadOnlyList<TracePoint> Trace { get; set; } = [];

    /// <summary>When the load stopped and the final check began, in drill seconds; null when it never did.</summary>
    public double? FinalStart { get; set; }

    public IReadOnlyList<Finding> Findings { get; set; } = [];

    public CrashOutcome Crashes { get; set; } = new();

    public int RebuildsCompleted { get; set; }

    /// <summary>Sectors read back by the final check, on the running set and again after a clean stop and restart.</summary>
    public long FinalCheckSectors { get; set; }

    public long RestartCheckSectors { get; set; }

    /// <summary>True once the final check read back every written sector.</summary>
    public bool FinalCheckDone { get; set; }

    /// <summary>What stopped the drill from being conclusive (the set could not be reassembled, an I/O hung).</summary>
    public List<string> Failures { get; } = [];

    /// <summary>What went wrong around the data: faults that could not be injected, a rebuild that did not finish, a dirty clean stop.</summary>
    public List<string> Problems { get; } = [];

    public string? TimelineJson { get; set; }

    public string? TimelineSvg { get; set; }

    public bool Passed => !Interrupted && Failures.Count == 0 && FinalCheckDone && counters.Errors == 0 && counters.WrongSectors == 0;
}
