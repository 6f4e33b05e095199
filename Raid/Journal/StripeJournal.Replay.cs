using Layered.BlockStack.Integrity;
using Layered.BlockStack;
using Layered.BlockStack.Buffers;

namespace Layered.Raid.Journal;

public sealed partial class StripeJournal
{
    /// <summary>A record found in a ring, with its payload (pieces, then P, then Q).</summary>
    internal sealed record Found(JournalRecord Record, byte[] Payload);

    /// <summary>
    /// Reads every member's ring and returns the live records (newer than the highest barrier any
    /// member recorded, payload intact), each once, in sequence order. Every 4 KiB boundary is
    /// tried, so a torn record hides nothing after it.
    /// </summary>
    internal async Task<(IReadOnlyList<Found> Records, ulong HighestSequence)> ScanAsync(IReadOnlyList<IBlockDevice> members)
    {
        ulong barrier = 0;
        foreach (var member in members) barrier = Math.Max(barrier, await ReadBarrierAsync(member).ConfigureAwait(false));
        var found = new SortedDictionary<ulong, Found>();
        var highest = barrier;
        using var block = new AlignedMemory(JournalRecord.HeaderBytes);
        foreach (var member in members)
        {
            var ringStart = OffsetBytes + JournalRecord.HeaderBytes;
            for (var at = ringStart; at + JournalRecord.HeaderBytes <= OffsetBytes + LengthBytes; at += JournalRecord.HeaderBytes)
            {
                if (!(await member.ReadAsync(at / member.SectorSize, block.Memory).ConfigureAwait(false)).IsOk) continue;
                var record = JournalRecord.TryParseHeader(block.Span, ArrayId, SectorSize, out var payloadBytes, out var payloadCrc);
                if (record is null) continue;
                var total = record.TotalBytes(SectorSize);
                if (at + total > OffsetBytes + LengthBytes) continue;
                if (record.Sequence <= barrier || found.ContainsKey(record.Sequence))
                {
                    at += total - JournalRecord.HeaderBytes;
                    continue;
                }
                using var payload = new AlignedMemory(checked((int)(total - JournalRecord.HeaderBytes)));
                if (!(await member.ReadAsync((at + JournalRecord.HeaderBytes) / member.SectorSize, payload.Memory).ConfigureAwait(false)).IsOk) continue;
                if (Crc32C.Compute(payload.Span[..(int)payloadBytes]) != payloadCrc) continue;
                found[record.Sequence] = new Found(record, payload.Span[..(int)payloadBytes].ToArray());
                highest = Math.Max(highest, record.Sequence);
                at += total - JournalRecord.HeaderBytes;
            }
        }
        return ([.. found.Values], highest);
    }

    /// <summary>Continues numbering above every record already on the members.</summary>
    internal void ContinueFrom(ulong highestSequence)
    {
        lock (_heads) _sequence = Math.Max(_sequence, highestSequence);
    }

    /// <summary>Starts every member's ring afresh (a new set, or after a replay): writes the header with a new barrier.</summary>
    internal async Task InitializeAsync(IReadOnlyList<IBlockDevice> members)
    {
        ulong barrier;
        lock (_heads)
        {
            barrier = ++_sequence;
            _heads.Clear();
            _barrier = barrier;
        }
        await Task.WhenAll(members.Select(m => WriteHeaderAsync(m, barrier).AsTask())).ConfigureAwait(false);
    }
}
