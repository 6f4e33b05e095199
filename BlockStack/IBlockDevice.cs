using Layered.BlockStack.Buffers;
using Layered.BlockStack.Tags;

namespace Layered.BlockStack;

/// <summary>
/// A block device: memory, an image file, a real block device, a simulated device, or a
/// stacked device such as a RAID set. See DESIGN.md, "IBlockDevice".
/// </summary>
/// <remarks>
/// Bad arguments (out of range, misaligned, zero or oversize length, a foreign or unmapped
/// tag, I/O after dispose) throw before anything is touched. Device errors come back as an
/// <see cref="IoResult"/> carrying the sector.
/// </remarks>
public interface IBlockDevice : IAsyncDisposable
{
    /// <summary>Stable identity, used in mappings and superblocks.</summary>
    Guid Id { get; }

    string Name { get; }

    /// <summary>512 or 4096.</summary>
    int SectorSize { get; }

    long SectorCount { get; }

    /// <summary>The largest single transfer; longer requests are argument errors.</summary>
    int MaxTransferBytes { get; }

    DeviceCapabilities Capabilities { get; }

    /// <summary>Members of a stacked device; empty for a leaf.</summary>
    IReadOnlyList<IBlockDevice> Children { get; }

    /// <summary>Reads into caller memory, which must be sector-aligned in address and length.</summary>
    ValueTask<IoResult> ReadAsync(long sector, Memory<byte> buffer);

    /// <summary>Writes from caller memory, which must be sector-aligned in address and length.</summary>
    ValueTask<IoResult> WriteAsync(long sector, ReadOnlyMemory<byte> buffer, WriteFlags flags = WriteFlags.None);

    ValueTask<IoResult> FlushAsync();

    ValueTask<IoResult> DiscardAsync(long sector, long sectorCount);

    /// <summary>
    /// Pre-maps a registered buffer. Returns null when this device cannot pre-map; that is
    /// not an error, and the caller uses the plain path from the same memory.
    /// </summary>
    DeviceTag? TryMap(RegisteredBuffer buffer);

    /// <summary>Stops new I/O on the tag at once, waits for in-flight I/O to drain, then releases it.</summary>
    ValueTask UnmapAsync(DeviceTag tag);

    /// <summary>Stops new I/O on the tag at once (it gets <see cref="IoStatus.TagRevoked"/>), then waits for in-flight I/O to drain.</summary>
    ValueTask InvalidateAsync(DeviceTag tag);

    ValueTask<IoResult> ReadTaggedAsync(DeviceTag tag, long bufferOffset, long sector, int sectorCount);

    ValueTask<IoResult> WriteTaggedAsync(DeviceTag tag, long bufferOffset, long sector, int sectorCount, WriteFlags flags = WriteFlags.None);
}
