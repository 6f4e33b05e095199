using Layered.BlockStack.Integrity;
using System.Buffers.Binary;
using Layered.BlockStack;
using Layered.BlockStack.Buffers;

namespace Layered.Raid.Journal;

/// <summary>
/// The raid5/6 write-hole journal: a ring in each member's journal area. A row write's record
/// goes (FUA) to the row's parity members before the row is written in place. When a ring is
/// full, a barrier waits for every journaled write to finish, flushes the members and raises the
/// barrier sequence on every member, which retires all older records; then the rings restart.
/// Layout: docs/format.md, "RAID write-hole journal".
/// </summary>
public sealed partial class StripeJournal : IStripeJournal
{
    private const ulong HeaderMagic = 0x5244484A4452594CUL; // "LYRDJHDR" little-endian

    private readonly JournalGate _gate = new();
    private readonly Dictionary<IBlockDevice, long> _heads = new(ReferenceEqualityComparer.Instance);
    private readonly Func<Task<bool>> _flushMembers;
    private readonly Func<IReadOnlyList<IBlockDevice>> _members;
    private ulong _sequence;
    private ulong _barrier;

    /// <param name="flushMembers">Flushes every member; true when all succeeded.</param>
    /// <param name="members">The devices that hold journal rings now.</param>
    public StripeJournal(Guid arrayId, long offsetBytes, long lengthBytes, int sectorSize, ulong firstSequence,
        Func<Task<bool>> flushMembers, Func<IReadOnlyList<IBlockDevice>> members)
    {
        if (lengthBytes < 4 * JournalRecord.HeaderBytes || offsetBytes % JournalRecord.HeaderBytes != 0)
            throw new ArgumentOutOfRangeException(nameof(lengthBytes), lengthBytes, "a journal needs at least 16 KiB, 4 KiB aligned");
        ArrayId = arrayId;
        OffsetBytes = offsetBytes;
        LengthBytes = lengthBytes;
        SectorSize = sectorSize;
        _sequence = firstSequence;
        _barrier = firstSequence;
        _flushMembers = flushMembers;
        _members = members;
    }

    public Guid ArrayId { get; }

    public long OffsetBytes { get; }

    public long LengthBytes { get; }

    public int SectorSize { get; }

    /// <summary>Records written since the set started.</summary>
    public long RecordsWritten { get; private set; }

    /// <summary>Barriers taken because a ring was full.</summary>
    public long Barriers { get; private set; }

    /// <summary>Records with sequence numbers up to this one are retired.</summary>
    public ulong Barrier { get { lock (_heads) return _barrier; } }

    public async ValueTask<IDisposable> RecordAsync(IReadOnlyList<IBlockDevice> targets, RowWrite write)
    {
        var pieces = write.Pieces.Select(p => new JournalPiece(p.Chunk, p.Within, p.Data.Length / SectorSize)).ToList();
        if (pieces.Count > JournalRecord.MaxPieces) throw new InvalidOperationException($"a row write of {pieces.Count} pieces exceeds the journal's {JournalRecord.MaxPieces}");
        while (true)
        {
            var lease = await _gate.EnterAsync().ConfigureAwait(false);
            JournalRecord record;
            long[] offsets;
            lock (_heads)
            {
                record = new JournalRecord(++_sequence, ArrayId, write.Row, write.BandWithin, write.BandSectors, pieces, write.Q.IsEmpty ? 1 : 2);
                offsets = Allocate(targets, record.TotalBytes(SectorSize));
            }
            if (offsets.Length == 0)
            {
                lease.Dispose();
                await BarrierAsync(whenFullOnly: true).ConfigureAwait(false);
                continue;
            }
            using var bytes = Encode(record, write);
            var results = await Task.WhenAll(targets.Select((t, i) => t.WriteAsync(offsets[i] / SectorSize, bytes.Memory, WriteFlags.Fua).AsTask())).ConfigureAwait(false);
            lock (_heads) RecordsWritten++;
            // A target that failed the journal write will fail its in-place write too; the others hold the record.
            _ = results;
            return lease;
        }
    }

    /// <summary>Retires every record: waits for journaled writes, flushes members, raises the barrier everywhere, restarts the rings.</summary>
    public Task BarrierAsync() => BarrierAsync(whenFullOnly: false);

    private Task BarrierAsync(bool whenFullOnly) => _gate.ExclusiveAsync(async () =>
    {
        // Another writer's barrier may have emptied the rings while this one waited.
        lock (_heads)
            if (whenFullOnly && _heads.Values.All(h => h == 0)) return;
        if (!await _flushMembers().ConfigureAwait(false)) return;
        ulong barrier;
        lock (_heads)
        {
            barrier = ++_sequence;
            _heads.Clear();
        }
        await Task.WhenAll(_members().Select(m => WriteHeaderAsync(m, barrier).AsTask())).ConfigureAwait(false);
        lock (_heads)
        {
            _barrier = barrier;
            Barriers++;
        }
    });

    /// <summary>Each target's offset for a record of this size, or empty when some ring is full.</summary>
    private long[] Allocate(IReadOnlyList<IBlockDevice> targets, long recordBytes)
    {
        var ringBytes = LengthBytes - JournalRecord.HeaderBytes;
        if (recordBytes > ringBytes) throw new InvalidOperationException($"a journal record of {recordBytes} bytes does not fit the {ringBytes}-byte ring");
        var offsets = new long[targets.Count];
        for (var i = 0; i < targets.Count; i++)
        {
            var head = _heads.GetValueOrDefault(targets[i]);
            if (head + recordBytes > ringBytes) return [];
            offsets[i] = head;
        }
        for (var i = 0; i < targets.Count; i++)
        {
            _heads[targets[i]] = offsets[i] + recordBytes;
            offsets[i] += OffsetBytes + JournalRecord.HeaderBytes;
        }
        return offsets;
    }

    private AlignedMemory Encode(JournalRecord record, RowWrite write)
    {
        var bytes = new AlignedMemory(checked((int)record.TotalBytes(SectorSize)));
        var at = JournalRecord.HeaderBytes;
        foreach (var piece in write.Pieces) { piece.Data.Span.CopyTo(bytes.Span[at..]); at += piece.Data.Length; }
        write.P.Span.CopyTo(bytes.Span[at..]);
        at += write.P.Length;
        if (!write.Q.IsEmpty) write.Q.Span.CopyTo(bytes.Span[at..]);
        record.WriteHeader(bytes.Span, SectorSize);
        return bytes;
    }

    /// <summary>The journal header: which sequence numbers are retired.</summary>
    internal async ValueTask<IoResult> WriteHeaderAsync(IBlockDevice member, ulong barrier)
    {
        using var block = new AlignedMemory(JournalRecord.HeaderBytes);
        BinaryPrimitives.WriteUInt64LittleEndian(block.Span, HeaderMagic);
        ArrayId.TryWriteBytes(block.Span[16..], bigEndian: true, out _);
        BinaryPrimitives.WriteUInt64LittleEndian(block.Span[32..], barrier);
        BinaryPrimitives.WriteUInt32LittleEndian(block.Span[8..], Crc32C.Compute(block.Span));
        return await member.WriteAsync(OffsetBytes / member.SectorSize, block.Memory, WriteFlags.Fua).ConfigureAwait(false);
    }

    /// <summary>The barrier a member's journal header records, or 0 when it has none.</summary>
    internal async ValueTask<ulong> ReadBarrierAsync(IBlockDevice member)
    {
        using var block = new AlignedMemory(JournalRecord.HeaderBytes);
        if (!(await member.ReadAsync(OffsetBytes / member.SectorSize, block.Memory).ConfigureAwait(false)).IsOk) return 0;
        if (BinaryPrimitives.ReadUInt64LittleEndian(block.Span) != HeaderMagic) return 0;
        if (Crc32C.ComputeWithZeroedField(block.Span, 8) != BinaryPrimitives.ReadUInt32LittleEndian(block.Span[8..])
            || new Guid(block.Span.Slice(16, 16), bigEndian: true) != ArrayId) return 0;
        return BinaryPrimitives.ReadUInt64LittleEndian(block.Span[32..]);
    }
}
