using Layered.BlockStack;

namespace Layered.TestKit.Devices;

/// <summary>
/// A view of a device that one process uses until its power is cut: after <see cref="Cut"/>,
/// every operation answers DeviceGone, so a set abandoned at a simulated crash can never write
/// again while the same device is reassembled by the "next boot".
/// </summary>
public sealed class PowerCutDevice(IBlockDevice inner) : BlockDevice(new DeviceGeometry(inner.Name, inner.Id, inner.SectorSize, inner.SectorCount, inner.MaxTransferBytes))
{
    private volatile bool _cut;

    public override DeviceCapabilities Capabilities => inner.Capabilities & ~DeviceCapabilities.PreMap;

    public void Cut() => _cut = true;

    protected override Mapping? TryMapCore(Layered.BlockStack.Buffers.RegisteredBuffer buffer) => null;

    protected override ValueTask<IoResult> ExecuteAsync(IoRequest request)
    {
        if (_cut) return new(IoResult.Fail(IoStatus.DeviceGone, request.Sector));
        return request.Op switch
        {
            IoOp.Read => inner.ReadAsync(request.Sector, request.Memory),
            IoOp.Write => inner.WriteAsync(request.Sector, request.Memory, request.Flags),
            IoOp.Flush => inner.FlushAsync(),
            _ => inner.DiscardAsync(request.Sector, request.SectorCount),
        };
    }
}
