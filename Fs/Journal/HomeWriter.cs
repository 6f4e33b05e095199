using Layered.BlockStack;
using Layered.BlockStack.Buffers;
using Layered.Fs.Format;
using Layered.Fs.Volumes;

namespace Layered.Fs.Journal;

/// <summary>
/// Writes metadata images to their home addresses: at replay, and at a checkpoint. Within one batch the
/// images are sorted by address and adjacent ones go out as one request, up to the device's
/// largest transfer; transactions are written in commit order, so a later image of a block
/// always lands after an earlier one. Remembers which volumes it wrote, so it can flush exactly those.
/// </summary>
internal sealed class HomeWriter(IReadOnlyList<IBlockDevice> volumes, int blockSize, string purpose) : IDisposable
{

    private readonly HashSet<int> _written = [];
    private AlignedMemory? _gather;

    /// <summary>Null when <paramref name="home"/> is a block a journalled image may be written to, else why not.</summary>
    public static string? Check(IReadOnlyList<IBlockDevice> volumes, JournalGeometry geometry, BlockAddress home)
    {
        if ((uint)home.Volume >= (uint)volumes.Count) return $"home {home} names volume {home.Volume}, but there are {volumes.Count}";
        var device = volumes[home.Volume];
        if (home.Block < 0 || home.Block >= device.SectorCount * device.SectorSize / geometry.BlockSize)
            return $"home {home} is outside {device.Name}";
        if (geometry.Contains(home)) return $"home {home} lies inside the journal itself";
        return null;
    }

    public async ValueTask WriteAsync(IReadOnlyList<JournalEntry> entries, CancellationToken ct)
    {
        // Ordered by address, then by position in the transaction, so the last image of a block wins.
        var order = Enumerable.Range(0, entries.Count)
            .OrderBy(i => entries[i].Home.Volume).ThenBy(i => entries[i].Home.Block).ThenBy(i => i).ToArray();
        var latest = order.Where((i, k) => k == order.Length - 1 || entries[order[k + 1]].Home != entries[i].Home).ToArray();
        for (var start = 0; start < latest.Length;)
        {
            var first = entries[latest[start]].Home;
            var device = volumes[first.Volume];
            var maxBlocks = Math.Max(1, device.MaxTransferBytes / blockSize);
            var length = 1;
            while (start + length < latest.Length && length < maxBlocks
                && entries[latest[start + length]].Home == first with { Block = first.Block + length })
                length++;
            var run = Gather(entries, latest.AsSpan(start, length));
            await DeviceIo.WriteAsync(device, first.Block * blockSize, run, purpose, ct).ConfigureAwait(false);
            _written.Add(first.Volume);
            start += length;
        }
    }

    /// <summary>Makes every home write durable: each volume written is flushed once.</summary>
    public async ValueTask FlushAsync()
    {
        foreach (var volume in _written.Order()) await DeviceIo.FlushAsync(volumes[volume], purpose).ConfigureAwait(false);
    }

    public int VolumesWritten => _written.Count;

    /// <summary>Copies a run into one aligned buffer: images may sit in ordinary managed arrays, which O_DIRECT devices refuse.</summary>
    private ReadOnlyMemory<byte> Gather(IReadOnlyList<JournalEntry> entries, ReadOnlySpan<int> run)
    {
        var bytes = run.Length * blockSize;
        if (_gather is null || _gather.Length < bytes)
        {
            _gather?.Dispose();
            _gather = new AlignedMemory(bytes);
        }
        for (var k = 0; k < run.Length; k++) entries[run[k]].Image.Span.CopyTo(_gather.Span.Slice(k * blockSize, blockSize));
        return _gather.Memory[..bytes];
    }

    public void Dispose() => _gather?.Dispose();
}
