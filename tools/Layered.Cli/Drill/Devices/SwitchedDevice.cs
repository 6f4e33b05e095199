using Layered.BlockStack;
using Layered.BlockStack.Buffers;

namespace Layered.Cli.Drill.Devices;

/// <summary>
/// A member as the set sees it: forwards every request to the real device, behind a switch.
/// Switching off makes every later request answer DeviceGone and waits for those in flight:
/// a fail-stop for one member, or, for all members at once, the power cut of a crash, so an
/// abandoned set can never write again after the restart.
/// </summary>
internal sealed class SwitchedDevice : BlockDevice
{
    private readonly DrainGate _power = new();
    private readonly IBlockDevice _inner;

    public SwitchedDevice(IBlockDevice inner, string name)
        : base(new DeviceGeometry(name, inner.Id, inner.SectorSize, inner.SectorCount, inner.MaxTransferBytes))
    {
        _inner = inner;
    }

    public IBlockDevice Inner => _inner;

    public bool IsOn => !_power.IsClosed;

    public override DeviceCapabilities Capabilities => _inner.Capabilities & ~DeviceCapabilities.PreMap;

    /// <summary>Switches off; completes when no request is in flight to the real device.</summary>
    public Task SwitchOffAsync() => _power.CloseAndDrainAsync();

    protected override Mapping? TryMapCore(RegisteredBuffer buffer) => null;

    protected override ValueTask<IoResult> ExecuteAsync(IoRequest request)
    {
        if (!_power.TryEnter()) return new(IoResult.Fail(IoStatus.DeviceGone, request.Sector));
        ValueTask<IoResult> pending;
        try
        {
            pending = request.Op switch
            {
                IoOp.Read => _inner.ReadAsync(request.Sector, request.Memory),
                IoOp.Write => _inner.WriteAsync(request.Sector, request.Memory, request.Flags),
                IoOp.Flush => _inner.FlushAsync(),
                _ => _inner.DiscardAsync(request.Sector, request.SectorCount),
            };
        }
        catch (ObjectDisposedException)
        {
            _power.Exit();
            return new(IoResult.Fail(IoStatus.DeviceGone, request.Sector));
        }
        catch
        {
            _power.Exit();
            throw;
        }
        if (!pending.IsCompleted) return AwaitAsync(pending, request.Sector);
        try
        {
            return new(pending.Result);
        }
        finally
        {
            _power.Exit();
        }
    }

    private async ValueTask<IoResult> AwaitAsync(ValueTask<IoResult> pending, long sector)
    {
        try
        {
            return await pending.ConfigureAwait(false);
        }
        catch (ObjectDisposedException)
        {
            return IoResult.Fail(IoStatus.DeviceGone, sector);
        }
        finally
        {
            _power.Exit();
        }
    }
}
