using System.Runtime.CompilerServices;
using Layered.BlockStack;
using Layered.Raid.Io;
using Layered.Raid.Layout;
using Layered.Raid.Members;
using Layered.Raid.Parity;
using Layered.Raid.Tags;

namespace Layered.Raid;

/// <summary>Raid5 and raid6: reads, degraded reconstruction, and parity-keeping writes.</summary>
public sealed partial class RaidDevice
{
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<IoResult> ReadParityAsync(IoRequest request)
    {
        var pieces = Piece.Split(Layout, request.Sector, request.SectorCount, SectorSize);
        return pieces.Length == 1
            ? await ReadParityPieceAsync(request, pieces[0]).ConfigureAwait(false)
            : await AllPiecesAsync(request, pieces, ReadParityPieceAsync).ConfigureAwait(false);
    }

    /// <summary>Reads a piece from its data member; when that member is missing or fails, reconstructs it (and rewrites a failed member).</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<IoResult> ReadParityPieceAsync(IoRequest request, Piece piece)
    {
        var memory = request.Memory.Slice(piece.ByteOffset, piece.Sectors * SectorSize);
        var member = _slots[Layout.DataSlot(piece.Row, piece.Chunk)].Reader(piece.Row);
        RaidMember? repair = null;
        if (member is not null)
        {
            var tags = request.Tag?.Payload as MemberTagTable;
            var result = await MemberIoAsync(member, IoOp.Read, Layout.MemberSector(piece.Row, piece.Within), memory, tags, request.BufferOffset + piece.ByteOffset).ConfigureAwait(false);
            if (result.IsOk) return IoResult.Ok;
            if (result.Status == IoStatus.DeviceGone) FailMember(member, "device gone");
            else repair = member;
        }
        return await ReconstructPieceAsync(piece, memory, repair).ConfigureAwait(false);
    }

    /// <summary>Rebuilds a piece's data from the rest of its row, under the row lock, optionally rewriting it onto a member that failed to read it.</summary>
    private async ValueTask<IoResult> ReconstructPieceAsync(Piece piece, Memory<byte> target, RaidMember? repair)
    {
        using var rowLock = await _rowLocks.LockAsync(piece.Row, piece.Row + 1).ConfigureAwait(false);
        using var bands = new RowBands(_scratch, Layout.DataChunks, piece.Sectors * SectorSize);
        var missing = await ReadBandsAsync(bands, piece.Row, piece.Within, skip: piece.Chunk).ConfigureAwait(false);
        missing.Insert(0, piece.Chunk);
        var (haveP, haveQ) = await ReadParityBandsAsync(bands, piece.Row, piece.Within).ConfigureAwait(false);
        if (!bands.TryRecover(missing, haveP, haveQ)) return IoResult.Fail(IoStatus.IoError, ArraySector(piece));
        bands.Data[piece.Chunk].CopyTo(target);
        Counters.ReconstructedRead();
        if (repair is not null)
        {
            var rewrite = await MemberIoAsync(repair, IoOp.Write, Layout.MemberSector(piece.Row, piece.Within), target, null, 0).ConfigureAwait(false);
            if (rewrite.IsOk)
            {
                Counters.ReadErrorRepaired();
                Record(RaidEventKind.ReadErrorRepaired, repair, $"row {piece.Row} sectors {piece.Within}+{piece.Sectors}");
            }
            else
            {
                FailMember(repair, $"read failed and the rewrite failed ({rewrite})");
            }
        }
        return IoResult.Ok;
    }

    /// <summary>Reads the band of every data chunk except <paramref name="skip"/> into scratch; returns the chunks it could not read.</summary>
    private async Task<List<int>> ReadBandsAsync(RowBands bands, long row, long within, int skip = -1, Func<int, bool>? needed = null)
    {
        var memberSector = Layout.MemberSector(row, within);
        var chunks = Enumerable.Range(0, Layout.DataChunks).Where(c => c != skip && (needed?.Invoke(c) ?? true)).ToList();
        var reads = chunks.Select(chunk =>
        {
            var member = _slots[Layout.DataSlot(row, chunk)].Reader(row);
            return member is null ? Task.FromResult(IoResult.Fail(IoStatus.DeviceGone, 0)) : ReadBandAsync(member, memberSector, bands.RentData(chunk));
        }).ToArray();
        var results = await Task.WhenAll(reads).ConfigureAwait(false);
        return chunks.Where((_, i) => !results[i].IsOk).ToList();
    }

    /// <summary>Reads P (and Q) bands where their members can serve the row.</summary>
    private async Task<(bool HaveP, bool HaveQ)> ReadParityBandsAsync(RowBands bands, long row, long within)
    {
        var memberSector = Layout.MemberSector(row, within);
        var p = _slots[Layout.PSlot(row)].Reader(row);
        var q = Layout.ParityChunks > 1 ? _slots[Layout.QSlot(row)].Reader(row) : null;
        var pRead = p is null ? Task.FromResult(IoResult.Fail(IoStatus.DeviceGone, 0)) : ReadBandAsync(p, memberSector, bands.RentP());
        var qRead = q is null ? Task.FromResult(IoResult.Fail(IoStatus.DeviceGone, 0)) : ReadBandAsync(q, memberSector, bands.RentQ());
        await Task.WhenAll(pRead, qRead).ConfigureAwait(false);
        return (pRead.Result.IsOk, qRead.Result.IsOk);
    }

    private async Task<IoResult> ReadBandAsync(RaidMember member, long memberSector, Memory<byte> target)
    {
        var result = await MemberIoAsync(member, IoOp.Read, memberSector, target, null, 0).ConfigureAwait(false);
        if (result.Status == IoStatus.DeviceGone) FailMember(member, "device gone");
        return result;
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<IoResult> WriteParityAsync(IoRequest request)
    {
        var pieces = Piece.Split(Layout, request.Sector, request.SectorCount, SectorSize);
        using var rowLock = await _rowLocks.LockAsync(pieces[0].Row, pieces[^1].Row + 1).ConfigureAwait(false);
        foreach (var row in pieces.GroupBy(p => p.Row))
        {
            var rowPieces = row.ToArray();
            var result = rowPieces.Length == 1 && CanReadModifyWrite(rowPieces[0])
                ? await ReadModifyWriteAsync(request, rowPieces[0]).ConfigureAwait(false)
                : await ReconstructWriteAsync(request, rowPieces).ConfigureAwait(false);
            if (!result.IsOk) return result;
        }
        return IoResult.Ok;
    }

    /// <summary>A small write to one chunk of a healthy row reads only the old data and parity.</summary>
    private bool CanReadModifyWrite(Piece piece)
    {
        if (Layout.DataChunks <= 2 || piece.Sectors == Layout.ChunkSectors) return false;
        return IsHealthy(Layout.DataSlot(piece.Row, piece.Chunk), piece.Row) && IsHealthy(Layout.PSlot(piece.Row), piece.Row)
            && (Layout.ParityChunks < 2 || IsHealthy(Layout.QSlot(piece.Row), piece.Row));
    }

    private bool IsHealthy(int slot, long row) => _slots[slot] is { Member: { } m, Replacement: null } && m.IsReadable(row);

    private async ValueTask<IoResult> ReadModifyWriteAsync(IoRequest request, Piece piece)
    {
        var bandBytes = piece.Sectors * SectorSize;
        using var bands = new RowBands(_scratch, Layout.DataChunks, bandBytes);
        var dataSlot = _slots[Layout.DataSlot(piece.Row, piece.Chunk)];
        var memberSector = Layout.MemberSector(piece.Row, piece.Within);
        var old = bands.RentData(piece.Chunk);
        var reads = new List<Task<IoResult>> { ReadBandAsync(dataSlot.Member!, memberSector, old) };
        reads.Add(ReadBandAsync(_slots[Layout.PSlot(piece.Row)].Member!, memberSector, bands.RentP()));
        if (Layout.ParityChunks > 1) reads.Add(ReadBandAsync(_slots[Layout.QSlot(piece.Row)].Member!, memberSector, bands.RentQ()));
        var results = await Task.WhenAll(reads).ConfigureAwait(false);
        if (results.Any(r => !r.IsOk)) return await ReconstructWriteAsync(request, [piece]).ConfigureAwait(false);

        var fresh = request.Memory.Slice(piece.ByteOffset, bandBytes);
        if (Layout.ParityChunks == 1) RaidParity.UpdateP(old.Span, fresh.Span, bands.P.Span);
        else RaidParity.UpdatePQ(old.Span, fresh.Span, piece.Chunk, bands.P.Span, bands.Q.Span);
        return await WriteRowAsync(request, [piece], bands, piece.Row, piece.Within).ConfigureAwait(false);
    }

    /// <summary>
    /// The general write: gathers every data band of the row's range, overlays the new data,
    /// computes parity afresh and writes data and parity. Serves full stripes, degraded rows and
    /// rows whose parity member is rebuilding. A band the write covers entirely is taken from the
    /// request, unless a missing chunk must be recovered: recovery needs every band's old
    /// content, because the parity on disk is the parity of the old data.
    /// </summary>
    private async ValueTask<IoResult> ReconstructWriteAsync(IoRequest request, Piece[] pieces)
    {
        var row = pieces[0].Row;
        var lo = pieces.Min(p => p.Within);
        var hi = pieces.Max(p => p.EndWithin);
        var bandBytes = (int)((hi - lo) * SectorSize);
        using var bands = new RowBands(_scratch, Layout.DataChunks, bandBytes);
        var covered = pieces.Where(p => p.Within == lo && p.EndWithin == hi).ToDictionary(p => p.Chunk);

        var missing = await ReadBandsAsync(bands, row, lo, needed: chunk => !covered.ContainsKey(chunk)).ConfigureAwait(false);
        if (missing.Count > 0)
        {
            missing.AddRange(await ReadBandsAsync(bands, row, lo, needed: covered.ContainsKey).ConfigureAwait(false));
            var (haveP, haveQ) = await ReadParityBandsAsync(bands, row, lo).ConfigureAwait(false);
            if (!bands.TryRecover(missing, haveP, haveQ)) return IoResult.Fail(IoStatus.IoError, Layout.ArraySector(row, 0) + lo);
        }
        foreach (var piece in pieces)
        {
            var fresh = request.Memory.Slice(piece.ByteOffset, piece.Sectors * SectorSize);
            if (covered.ContainsKey(piece.Chunk)) bands.BorrowData(piece.Chunk, fresh);
            else fresh.CopyTo(bands.Writable(piece.Chunk)[(int)((piece.Within - lo) * SectorSize)..]);
        }
        bands.ComputeParity(Layout.ParityChunks);
        return await WriteRowAsync(request, pieces, bands, row, lo).ConfigureAwait(false);
    }

    /// <summary>Writes the new data (from the request, tagged where possible) and the parity bands to every writer of the row.</summary>
    private async ValueTask<IoResult> WriteRowAsync(IoRequest request, Piece[] pieces, RowBands bands, long row, long bandWithin)
    {
        var tags = request.Tag?.Payload as MemberTagTable;
        using var journaled = await JournalAsync(request, pieces, bands, row, bandWithin).ConfigureAwait(false);
        var writes = new SlotWrites(this);
        foreach (var piece in pieces)
            writes.Add(Layout.DataSlot(row, piece.Chunk), Layout.MemberSector(row, piece.Within),
                request.Memory.Slice(piece.ByteOffset, piece.Sectors * SectorSize), tags, request.BufferOffset + piece.ByteOffset, request.Flags);
        writes.Add(Layout.PSlot(row), Layout.MemberSector(row, bandWithin), bands.P, flags: request.Flags);
        if (Layout.ParityChunks > 1) writes.Add(Layout.QSlot(row), Layout.MemberSector(row, bandWithin), bands.Q, flags: request.Flags);
        await writes.CompleteAsync().ConfigureAwait(false);
        return StillServes() ? IoResult.Ok : IoResult.Fail(IoStatus.IoError, Layout.ArraySector(row, 0) + bandWithin);
    }
}
