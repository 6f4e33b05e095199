using Layered.BlockStack;

namespace Layered.Fs.Tests.Crash;

/// <summary>
/// A device that forwards to another until its <see cref="PowerSwitch"/> goes off; then every
/// request fails. Without <paramref name="fua"/> it offers no FUA, as a device without native FUA.
/// </summary>
internal sealed class PowerCutDevice(IBlockDevice inner, PowerSwitch power, bool fua = true)
    : BlockDevice(new DeviceGeometry(inner.Name, inner.Id, inner.SectorSize, inner.SectorCount, inner.MaxTransferBytes))
{
    public override DeviceCapabilities Capabilities =>
        inner.Capabilities & ~DeviceCapabilities.PreMap & (fua ? ~DeviceCapabilities.None : ~DeviceCapabilities.Fua);

    protected override async ValueTask<IoResult> ExecuteAsync(IoRequest request)
    {
        var (runs, torn) = power.Admit(request.Op is IoOp.Write or IoOp.Flush or IoOp.Discard, request.Op == IoOp.Write, request.SectorCount);
        if (!runs)
        {
            if (torn > 0) await inner.WriteAsync(request.Sector, request.Memory[..(int)(torn * SectorSize)]).ConfigureAwait(false);
            return IoResult.Fail(IoStatus.DeviceGone, request.Sector);
        }
        return request.Op switch
        {
            IoOp.Read => await inner.ReadAsync(request.Sector, request.Memory).ConfigureAwait(false),
            IoOp.Write => await inner.WriteAsync(request.Sector, request.Memory, request.Flags).ConfigureAwait(false),
            IoOp.Flush => await inner.FlushAsync().ConfigureAwait(false),
            _ => await inner.DiscardAsync(request.Sector, request.SectorCount).ConfigureAwait(false),
        };
    }
}
