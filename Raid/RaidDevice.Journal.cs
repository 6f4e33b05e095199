using Layered.BlockStack;
using Layered.Raid.Io;
using Layered.Raid.Journal;
using Layered.Raid.Layout;
using Layered.Raid.Members;

namespace Layered.Raid;

/// <summary>The write-hole journal's side of the set: recording row writes, and replaying them after a crash.</summary>
public sealed partial class RaidDevice
{
    /// <summary>Records a row write on the row's parity members before it is written in place; null without a journal.</summary>
    private async ValueTask<IDisposable?> JournalAsync(IoRequest request, Piece[] pieces, RowBands bands, long row, long bandWithin)
    {
        if (_config.Journal is not { } journal) return null;
        var targets = new List<IBlockDevice>();
        var writers = new RaidMember?[2];
        foreach (var slot in Layout.ParityChunks > 1 ? [Layout.PSlot(row), Layout.QSlot(row)] : new[] { Layout.PSlot(row) })
        {
            var count = _slots[slot].Writers(writers);
            for (var i = 0; i < count; i++) targets.Add(writers[i]!.Device);
        }
        // With no parity member left, no parity is written, so no row can be left half-updated.
        if (targets.Count == 0) return null;
        var write = new RowWrite(row, bandWithin, bands.BandBytes / SectorSize,
            [.. pieces.Select(p => (p.Chunk, p.Within, (ReadOnlyMemory<byte>)request.Memory.Slice(p.ByteOffset, p.Sectors * SectorSize)))],
            bands.P, Layout.ParityChunks > 1 ? bands.Q : ReadOnlyMemory<byte>.Empty);
        return await journal.RecordAsync(targets, write).ConfigureAwait(false);
    }

    /// <summary>Writes journaled rows back in sequence order, so each is wholly new on every member still present.</summary>
    internal async Task<long> ReplayAsync(IReadOnlyList<StripeJournal.Found> records)
    {
        foreach (var (record, payload) in records)
        {
            using var rowLock = await _rowLocks.LockAsync(record.Row, record.Row + 1).ConfigureAwait(false);
            using var aligned = new BlockStack.Buffers.AlignedMemory(payload.Length);
            payload.CopyTo(aligned.Span);
            var writes = new SlotWrites(this);
            var at = 0;
            void WriteTo(int slot, long within, int sectors)
            {
                writes.Add(slot, Layout.MemberSector(record.Row, within), aligned.Memory.Slice(at, sectors * SectorSize));
                at += sectors * SectorSize;
            }
            foreach (var piece in record.Pieces) WriteTo(Layout.DataSlot(record.Row, piece.Chunk), piece.Within, piece.Sectors);
            WriteTo(Layout.PSlot(record.Row), record.BandWithin, record.BandSectors);
            if (record.ParityBands > 1) WriteTo(Layout.QSlot(record.Row), record.BandWithin, record.BandSectors);
            await writes.CompleteAsync().ConfigureAwait(false);
        }
        return records.Count;
    }

    /// <summary>Flushes every member for a journal barrier; true when all flushes held.</summary>
    internal async Task<bool> FlushForJournalAsync() => (await FlushMembersAsync().ConfigureAwait(false)).IsOk;

    /// <summary>The devices that hold journal rings: every member that takes writes.</summary>
    internal IReadOnlyList<IBlockDevice> WritableMemberDevices() => [.. AllMembers().Where(m => m.IsWritable).Select(m => m.Device)];
}
