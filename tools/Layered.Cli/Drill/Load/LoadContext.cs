namespace Layered.Cli.Drill.Load;

/// <summary>What every lane shares: the model, the counters, the findings, and the run's tag.</summary>
internal sealed class LoadContext(BlockModel model, LoadCounters counters, FindingLog findings, ulong runTag)
{
    public BlockModel Model => model;

    public LoadCounters Counters => counters;

    public FindingLog Findings => findings;

    public ulong RunTag => runTag;

    /// <summary>"load" while the drill runs, "final check" at the end; findings carry it.</summary>
    public string Phase { get; set; } = "load";
}
