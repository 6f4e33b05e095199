using Layered.BlockStack;
using Layered.BlockStack.Buffers;

namespace Layered.Fs.Volumes;

/// <summary>
/// A copy-on-write view of a device: reads come from the device, writes stay in memory. A check
/// without repair replays the journal into this overlay, so it sees the state mount would see
/// while the device itself is never written (e2fsck -n gives up on replay instead).
/// </summary>
internal sealed class OverlayDevice : BlockDevice
{
    private readonly IBlockDevice _inner;
    private readonly Dictionary<long, byte[]> _sectors = [];

    public OverlayDevice(IBlockDevice inner)
        : base(new DeviceGeometry(inner.Name, inner.Id, inner.SectorSize, inner.SectorCount, inner.MaxTransferBytes))
    {
        _inner = inner;
    }

    public override DeviceCapabilities Capabilities => DeviceCapabilities.Flush | DeviceCapabilities.Discard;

    /// <summary>Sectors written so far; they live only in memory.</summary>
    public long OverlaidSectors
    {
        get { lock (_sectors) return _sectors.Count; }
    }

    // Tagged I/O would hand the device a buffer address, not memory it can pass on.
    protected override Mapping? TryMapCore(RegisteredBuffer buffer) => null;

    protected override async ValueTask<IoResult> ExecuteAsync(IoRequest request)
    {
        switch (request.Op)
        {
            case IoOp.Read:
                var read = await _inner.ReadAsync(request.Sector, request.Memory).ConfigureAwait(false);
                if (read.IsOk) Patch(request.Sector, request.Memory.Span);
                return read;
            case IoOp.Write:
                Keep(request.Sector, request.Memory.Span);
                return IoResult.Ok;
            case IoOp.Discard:
                lock (_sectors)
                    for (var s = 0L; s < request.SectorCount; s++) _sectors[request.Sector + s] = new byte[SectorSize];
                return IoResult.Ok;
            default:
                return IoResult.Ok;
        }
    }

    private void Patch(long sector, Span<byte> data)
    {
        lock (_sectors)
        {
            if (_sectors.Count == 0) return;
            for (var s = 0; s * SectorSize < data.Length; s++)
                if (_sectors.TryGetValue(sector + s, out var kept)) kept.CopyTo(data[(s * SectorSize)..]);
        }
    }

    private void Keep(long sector, ReadOnlySpan<byte> data)
    {
        lock (_sectors)
            for (var s = 0; s * SectorSize < data.Length; s++)
                _sectors[sector + s] = data.Slice(s * SectorSize, SectorSize).ToArray();
    }
}
