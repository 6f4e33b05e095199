using Layered.BlockStack.Simulation;

namespace Layered.Fs.Tests.Journal;

/// <summary>
/// One power supply for a set of simulated devices: it fails at a chosen operation, counted
/// over all of them. At that moment every device crashes (its unflushed writes persist, vanish
/// or tear by seed) and every later operation through <see cref="PoweredDevice"/> fails.
/// </summary>
internal sealed class PowerSupply(IReadOnlyList<SimulatedDevice> devices, long failAtOperation)
{
    private long _operations;

    public bool IsCut { get; private set; }

    /// <summary>Counts one operation; false once the power is gone (this operation included).</summary>
    public bool TryOperate()
    {
        if (IsCut) return false;
        if (++_operations < failAtOperation) return true;
        Cut();
        return false;
    }

    public void Cut()
    {
        if (IsCut) return;
        IsCut = true;
        foreach (var device in devices) device.Crash();
    }
}
