using Layered.BlockStack;
using Layered.BlockStack.Buffers;
using Layered.Fs.Volumes;

namespace Layered.Fs.Journal;

/// <summary>
/// Block I/O on the journal's own blocks: the header copies and the circular log. A run of log
/// blocks that passes the end of the log is split in two there; everything else goes out in
/// as few requests as the device takes.
/// </summary>
internal sealed class JournalRegion(IBlockDevice device, JournalGeometry geometry)
{
    private const string Purpose = "journal";

    public IBlockDevice Device { get; } = device;

    public JournalGeometry Geometry { get; } = geometry;

    private long OffsetBytes(long block) => block * Geometry.BlockSize;

    public async ValueTask ReadLogAsync(long position, Memory<byte> buffer, CancellationToken ct)
    {
        var (first, second) = Split(position, buffer.Length);
        await DeviceIo.ReadAsync(Device, OffsetBytes(Geometry.LogAddress(position).Block), buffer[..first], Purpose, ct).ConfigureAwait(false);
        if (second > 0) await DeviceIo.ReadAsync(Device, OffsetBytes(Geometry.LogAddress(0).Block), buffer[first..], Purpose, ct).ConfigureAwait(false);
    }

    /// <summary>
    /// Writes log blocks from <paramref name="position"/> on. <paramref name="durable"/>: stable
    /// when this returns, through FUA writes where the device has them (one round trip instead of
    /// write then flush), else a flush after. FUA makes only these blocks durable, so the caller
    /// must have flushed whatever they depend on first.
    /// </summary>
    public async ValueTask WriteLogAsync(long position, ReadOnlyMemory<byte> buffer, CancellationToken ct, bool durable = false)
    {
        var fua = durable && (Device.Capabilities & DeviceCapabilities.Fua) != 0;
        var flags = fua ? WriteFlags.Fua : WriteFlags.None;
        var (first, second) = Split(position, buffer.Length);
        await DeviceIo.WriteAsync(Device, OffsetBytes(Geometry.LogAddress(position).Block), buffer[..first], Purpose, ct, flags).ConfigureAwait(false);
        if (second > 0) await DeviceIo.WriteAsync(Device, OffsetBytes(Geometry.LogAddress(0).Block), buffer[first..], Purpose, ct, flags).ConfigureAwait(false);
        if (durable && !fua) await FlushAsync().ConfigureAwait(false);
    }

    /// <summary>Both header copies, in copy order, one block each.</summary>
    public async ValueTask<AlignedMemory> ReadHeadersAsync(CancellationToken ct)
    {
        var buffer = new AlignedMemory(JournalGeometry.HeaderCopies * Geometry.BlockSize);
        try
        {
            await DeviceIo.ReadAsync(Device, OffsetBytes(Geometry.Start.Block), buffer.Memory, Purpose, ct).ConfigureAwait(false);
            return buffer;
        }
        catch
        {
            buffer.Dispose();
            throw;
        }
    }

    /// <summary>Writes the header into its copy and makes it durable.</summary>
    public async ValueTask WriteHeaderAsync(JournalHeaderBlock header, CancellationToken ct)
    {
        using var block = new AlignedMemory(Geometry.BlockSize);
        header.Write(block.Span, Geometry);
        await DeviceIo.WriteAsync(Device, OffsetBytes(Geometry.HeaderAddress(header.Copy).Block), block.Memory, Purpose, ct).ConfigureAwait(false);
        await FlushAsync().ConfigureAwait(false);
    }

    /// <summary>Zeroes the whole log, so no block left by an earlier filesystem or format can ever be read as a record.</summary>
    public async ValueTask ZeroLogAsync(CancellationToken ct)
    {
        var chunkBlocks = (int)Math.Clamp(Device.MaxTransferBytes / Geometry.BlockSize, 1, Geometry.LogBlocks);
        using var zeros = new AlignedMemory(chunkBlocks * Geometry.BlockSize);
        for (long position = 0; position < Geometry.LogBlocks; position += chunkBlocks)
        {
            var blocks = (int)Math.Min(chunkBlocks, Geometry.LogBlocks - position);
            await WriteLogAsync(position, zeros.Memory[..(blocks * Geometry.BlockSize)], ct).ConfigureAwait(false);
        }
    }

    public ValueTask FlushAsync() => DeviceIo.FlushAsync(Device, Purpose);

    private (int First, int Second) Split(long position, int lengthBytes)
    {
        var blocks = lengthBytes / Geometry.BlockSize;
        if (position < 0 || position >= Geometry.LogBlocks || blocks > Geometry.LogBlocks || lengthBytes % Geometry.BlockSize != 0)
            throw new ArgumentOutOfRangeException(nameof(position), $"{blocks} blocks at log position {position} do not fit a log of {Geometry.LogBlocks}");
        var first = (int)Math.Min(blocks, Geometry.LogBlocks - position) * Geometry.BlockSize;
        return (first, lengthBytes - first);
    }
}
