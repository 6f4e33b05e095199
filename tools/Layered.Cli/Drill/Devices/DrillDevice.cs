using Layered.BlockStack;
using Layered.BlockStack.Files;
using Layered.BlockStack.Simulation;

namespace Layered.Cli.Drill.Devices;

/// <summary>
/// One physical device of the drill, whatever role it has now (member, spare, replacement,
/// retired). The set sees it through <see cref="Member"/>, a switch that a fail-stop or a
/// crash turns off; a restart puts a new switch in front of the same device.
/// </summary>
internal sealed class DrillDevice(string name, IBlockDevice real, string? path, LoopDevice? loop)
{
    private int _released;

    public string Name => name;

    /// <summary>The device behind the switch; a file or loop device is reopened after a crash.</summary>
    public IBlockDevice Real { get; set; } = real;

    public SwitchedDevice Member { get; set; } = new(real, name);

    /// <summary>The image file or block device path; null for a simulated device.</summary>
    public string? Path => path;

    public LoopDevice? Loop => loop;

    public SimulatedDevice? Simulated => Real as SimulatedDevice;

    /// <summary>Claims the right to release this device's resources, once, from whichever path gets there first (normal end or process exit).</summary>
    public bool TryClaimRelease() => Interlocked.Exchange(ref _released, 1) == 0;

    public override string ToString() => path is null ? name : $"{name} ({path})";
}
