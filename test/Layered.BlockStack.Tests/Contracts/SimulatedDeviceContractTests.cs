using Layered.BlockStack;
using Layered.BlockStack.Simulation;
using Layered.TestKit.Contracts;

namespace Layered.BlockStack.Tests.Contracts;

/// <summary>The contract on a fault-free simulated device, whose restart is a crash that loses every unflushed write.</summary>
public sealed class SimulatedDeviceContractTests : BlockDeviceContract
{
    protected override Task<IBlockDevice> OpenDeviceAsync() => Task.FromResult<IBlockDevice>(new SimulatedDevice(
        new DeviceGeometry("sim", Guid.NewGuid(), 512, DeviceBytes / 512),
        new SimulationOptions { Seed = 42, CrashLoseRate = 1.0 }));

    protected override Task<IBlockDevice> RestartAsync(IBlockDevice device)
    {
        var report = ((SimulatedDevice)device).Crash();
        Assert.Equal(0, report.Persisted);
        return Task.FromResult(device);
    }
}
