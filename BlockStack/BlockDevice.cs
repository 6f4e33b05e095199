using System.Collections.Concurrent;
using Layered.BlockStack.Buffers;
using Layered.BlockStack.Tags;
using Polly;

namespace Layered.BlockStack;

/// <summary>
/// The shared half of every device: argument checks, tag bookkeeping, in-flight accounting,
/// transient-error retries and dispose. A concrete device implements one method,
/// <see cref="ExecuteAsync"/>, and optionally pre-mapping.
/// </summary>
public abstract partial class BlockDevice : IBlockDevice
{
    /// <summary>Tag generations are unique across devices, so a stale tag can never alias a new one.</summary>
    private static long s_generation;

    private readonly DrainGate _gate = new();
    private readonly ConcurrentDictionary<long, DeviceTag> _tags = new();
    private readonly ResiliencePipeline<IoResult>? _retry;

    protected BlockDevice(DeviceGeometry geometry, ResiliencePipeline<IoResult>? retry = null)
    {
        geometry.Validate();
        Name = geometry.Name;
        Id = geometry.Id;
        SectorSize = geometry.SectorSize;
        SectorCount = geometry.SectorCount;
        MaxTransferBytes = geometry.MaxTransferBytes;
        _retry = retry;
    }

    public Guid Id { get; }

    public string Name { get; }

    public int SectorSize { get; }

    public long SectorCount { get; }

    public int MaxTransferBytes { get; }

    public abstract DeviceCapabilities Capabilities { get; }

    public virtual IReadOnlyList<IBlockDevice> Children => [];

    public bool IsDisposed => _gate.IsClosed;

    /// <summary>Tags currently mapped on this device.</summary>
    public int MappedTags => _tags.Count;

    /// <summary>Carries out one validated request. Device errors are returned, not thrown.</summary>
    protected abstract ValueTask<IoResult> ExecuteAsync(IoRequest request);

    public async ValueTask DisposeAsync()
    {
        if (_gate.IsClosed) return;
        await _gate.CloseAndDrainAsync().ConfigureAwait(false);
        foreach (var tag in _tags.Values) await UnmapCoreAsync(tag).ConfigureAwait(false);
        await DisposeCoreAsync().ConfigureAwait(false);
        GC.SuppressFinalize(this);
    }

    /// <summary>Releases the device's resources; nothing is in flight and no tag is mapped.</summary>
    protected virtual ValueTask DisposeCoreAsync() => ValueTask.CompletedTask;

    public override string ToString() => $"{Name} ({SectorCount} x {SectorSize} B)";
}
