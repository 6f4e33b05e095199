using Polly;

namespace Layered.BlockStack.Memory;

/// <summary>
/// A sparse in-memory device. Every write is durable at once, so flush and FUA are free.
/// Tagged I/O uses the address resolved at map time; the plain path pins caller memory per I/O.
/// </summary>
public sealed class MemoryDevice : BlockDevice
{
    private readonly SparseStore _store;

    public MemoryDevice(DeviceGeometry geometry, ResiliencePipeline<IoResult>? retry = null) : base(geometry, retry)
    {
        _store = new SparseStore(geometry.SizeBytes);
    }

    public static MemoryDevice Create(long sizeBytes, int sectorSize = 512, string name = "mem") =>
        new(new DeviceGeometry(name, Guid.NewGuid(), sectorSize, sizeBytes / sectorSize));

    public override DeviceCapabilities Capabilities =>
        DeviceCapabilities.Flush | DeviceCapabilities.Fua | DeviceCapabilities.Discard | DeviceCapabilities.PreMap;

    /// <summary>Bytes of memory actually held: only chunks that were written.</summary>
    public long AllocatedBytes => _store.AllocatedBytes;

    protected override ValueTask<IoResult> ExecuteAsync(IoRequest request)
    {
        var offsetBytes = request.Sector * SectorSize;
        switch (request.Op)
        {
            case IoOp.Read: _store.Read(offsetBytes, request.Span(SectorSize)); break;
            case IoOp.Write: _store.Write(offsetBytes, request.Span(SectorSize)); break;
            case IoOp.Discard: _store.Zero(offsetBytes, request.SectorCount * SectorSize); break;
            case IoOp.Flush: break;
        }
        return new(IoResult.Ok);
    }
}
