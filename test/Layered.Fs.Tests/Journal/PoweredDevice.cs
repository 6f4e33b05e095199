using Layered.BlockStack;
using Layered.BlockStack.Buffers;
using Layered.BlockStack.Simulation;

namespace Layered.Fs.Tests.Journal;

/// <summary>A simulated device as one boot sees it: every operation draws on the shared <see cref="PowerSupply"/>.</summary>
internal sealed class PoweredDevice(SimulatedDevice inner, PowerSupply power)
    : BlockDevice(new DeviceGeometry(inner.Name, inner.Id, inner.SectorSize, inner.SectorCount, inner.MaxTransferBytes))
{
    public override DeviceCapabilities Capabilities => inner.Capabilities & ~DeviceCapabilities.PreMap;

    protected override Mapping? TryMapCore(RegisteredBuffer buffer) => null;

    protected override ValueTask<IoResult> ExecuteAsync(IoRequest request)
    {
        if (!power.TryOperate()) return new(IoResult.Fail(IoStatus.DeviceGone, request.Sector));
        return request.Op switch
        {
            IoOp.Read => inner.ReadAsync(request.Sector, request.Memory),
            IoOp.Write => inner.WriteAsync(request.Sector, request.Memory, request.Flags),
            IoOp.Flush => inner.FlushAsync(),
            _ => inner.DiscardAsync(request.Sector, request.SectorCount),
        };
    }
}
