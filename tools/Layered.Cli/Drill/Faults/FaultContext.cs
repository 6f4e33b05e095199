using Layered.Cli.Drill.Devices;
using Layered.Cli.Drill.Load;
using Layered.Raid;

namespace Layered.Cli.Drill.Faults;

/// <summary>What the fault runner acts on and reports to.</summary>
internal sealed record FaultContext(
    DrillSet Set,
    DevicePool Pool,
    DrillLoad Load,
    BlockModel Model,
    DrillEventLog Events,
    DrillClock Clock,
    RebuildOptions Rebuild,
    TimeSpan WholeTimeout);
