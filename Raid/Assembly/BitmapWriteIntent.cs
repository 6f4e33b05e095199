using Layered.Raid.Metadata;

namespace Layered.Raid.Assembly;

/// <summary>
/// The write-intent bitmap in the write path. A region's bit is on disk before any write to it
/// reaches a member. A bit is cleared only when the set is whole, no write to the region is in
/// flight, and a flush has completed since the region's last write began: then every member
/// holds the same data there.
/// </summary>
internal sealed class BitmapWriteIntent(WriteIntentBitmap bitmap, SuperblockStore store) : IRaidWriteIntent
{
    private readonly int[] _inFlight = new int[bitmap.RegionCount];
    private readonly long[] _lastStartEpoch = new long[bitmap.RegionCount];
    private readonly SemaphoreSlim _clearing = new(1, 1);
    private long _epoch = 1;

    public WriteIntentBitmap Bitmap => bitmap;

    public async ValueTask BeginWriteAsync(long offsetBytes, long lengthBytes)
    {
        var (first, last) = Regions(offsetBytes, lengthBytes);
        var epoch = Interlocked.Read(ref _epoch);
        for (var region = first; region <= last; region++)
        {
            Interlocked.Increment(ref _inFlight[region]);
            InterlockedMax(ref _lastStartEpoch[region], epoch);
        }
        try
        {
            if (bitmap.MarkDirty(offsetBytes, lengthBytes)) await StoreAsync().ConfigureAwait(false);
        }
        catch
        {
            EndWrite(offsetBytes, lengthBytes);
            throw;
        }
    }

    public void EndWrite(long offsetBytes, long lengthBytes)
    {
        var (first, last) = Regions(offsetBytes, lengthBytes);
        for (var region = first; region <= last; region++) Interlocked.Decrement(ref _inFlight[region]);
    }

    public async ValueTask ClearSettledAsync(Func<Task<bool>> flushed)
    {
        if (bitmap.DirtyCount == 0)
        {
            await flushed().ConfigureAwait(false);
            return;
        }
        await _clearing.WaitAsync().ConfigureAwait(false);
        try
        {
            // Writes that begin from here on carry a newer epoch and keep their regions dirty.
            var epoch = Interlocked.Increment(ref _epoch) - 1;
            if (!await flushed().ConfigureAwait(false)) return;
            var cleared = 0;
            for (var region = 0; region < bitmap.RegionCount; region++)
            {
                if (!bitmap.IsDirty(region) || Volatile.Read(ref _inFlight[region]) != 0 || Interlocked.Read(ref _lastStartEpoch[region]) > epoch) continue;
                bitmap.MarkClean(region);
                cleared++;
            }
            if (cleared > 0) await StoreAsync().ConfigureAwait(false);
        }
        finally
        {
            _clearing.Release();
        }
    }

    public IReadOnlyList<(long OffsetBytes, long LengthBytes)> DirtyRanges() => [.. bitmap.DirtyRanges()];

    private async Task StoreAsync() => await bitmap.StoreAsync(store.Members, store.Current).ConfigureAwait(false);

    private (int First, int Last) Regions(long offsetBytes, long lengthBytes) =>
        ((int)(offsetBytes / bitmap.RegionBytes), (int)((offsetBytes + lengthBytes - 1) / bitmap.RegionBytes));

    private static void InterlockedMax(ref long target, long value)
    {
        var seen = Interlocked.Read(ref target);
        while (seen < value)
        {
            var previous = Interlocked.CompareExchange(ref target, value, seen);
            if (previous == seen) return;
            seen = previous;
        }
    }
}
