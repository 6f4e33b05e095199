using Layered.BlockStack;

namespace Layered.Raid;

/// <summary>
/// Closes the raid5/6 write hole: a row write is recorded durably before any member sees it
/// in place, so a crash in between can be replayed to a wholly new row.
/// </summary>
public interface IStripeJournal
{
    /// <summary>
    /// Records a row write on <paramref name="targets"/> (the row's parity members) and returns
    /// a lease that must be disposed once the in-place writes have completed.
    /// </summary>
    ValueTask<IDisposable> RecordAsync(IReadOnlyList<IBlockDevice> targets, RowWrite write);
}

/// <summary>The new content of one row write: data pieces (chunk, offset in sectors, bytes) and the parity bands.</summary>
public sealed record RowWrite(long Row, long BandWithin, int BandSectors, IReadOnlyList<(int Chunk, long Within, ReadOnlyMemory<byte> Data)> Pieces, ReadOnlyMemory<byte> P, ReadOnlyMemory<byte> Q);
