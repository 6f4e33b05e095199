using Layered.BlockStack;
using Layered.BlockStack.Memory;
using Layered.TestKit.Contracts;

namespace Layered.BlockStack.Tests.Contracts;

public sealed class MemoryDeviceContractTests : BlockDeviceContract
{
    protected override Task<IBlockDevice> OpenDeviceAsync() => Task.FromResult<IBlockDevice>(MemoryDevice.Create(DeviceBytes));

    // Every write to memory is durable at once: a restart is the same device.
    protected override Task<IBlockDevice> RestartAsync(IBlockDevice device) => Task.FromResult(device);
}
