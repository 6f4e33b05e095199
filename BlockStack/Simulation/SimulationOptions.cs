namespace Layered.BlockStack.Simulation;

public sealed record SimulationOptions
{
    public ulong Seed { get; init; }

    public IReadOnlyList<FaultRule> Faults { get; init; } = [];

    /// <summary>At a crash, the chance that one unflushed write is lost entirely.</summary>
    public double CrashLoseRate { get; init; } = 0.5;

    /// <summary>At a crash, the chance that one unflushed write lands only a prefix of its sectors.</summary>
    public double CrashTearRate { get; init; } = 0.1;

    /// <summary>The volatile cache destages its oldest write beyond this many, as a real cache would.</summary>
    public int MaxCachedWrites { get; init; } = 4096;
}
