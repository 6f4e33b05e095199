using Layered.BlockStack.Integrity;
using System.Buffers.Binary;

namespace Layered.Raid.Journal;

/// <summary>
/// One journaled row write: the new data pieces and the new parity band, so a replay makes
/// the row wholly new. Layout (docs/format.md, "RAID write-hole journal"): a 4 KiB header, then
/// the pieces' bytes in order, then P, then Q; the whole record is padded to 4 KiB.
/// </summary>
internal sealed record JournalRecord(ulong Sequence, Guid ArrayId, long Row, long BandWithin, int BandSectors, IReadOnlyList<JournalPiece> Pieces, int ParityBands)
{
    public const int HeaderBytes = 4096;
    public const int MaxPieces = 255;
    private const ulong Magic = 0x4345524A4452594CUL; // "LYRDJREC" little-endian

    public long PayloadBytes(int sectorSize) => ((long)Pieces.Sum(p => p.Sectors) + (long)ParityBands * BandSectors) * sectorSize;

    public long TotalBytes(int sectorSize) => HeaderBytes + (PayloadBytes(sectorSize) + HeaderBytes - 1) / HeaderBytes * HeaderBytes;

    /// <summary>Writes the header; the payload must already be in place after it (its crc is taken here).</summary>
    public void WriteHeader(Span<byte> record, int sectorSize)
    {
        var header = record[..HeaderBytes];
        header.Clear();
        BinaryPrimitives.WriteUInt64LittleEndian(header, Magic);
        BinaryPrimitives.WriteUInt64LittleEndian(header[16..], Sequence);
        ArrayId.TryWriteBytes(header[24..], bigEndian: true, out _);
        BinaryPrimitives.WriteInt64LittleEndian(header[40..], Row);
        BinaryPrimitives.WriteInt64LittleEndian(header[48..], BandWithin);
        BinaryPrimitives.WriteInt32LittleEndian(header[56..], BandSectors);
        BinaryPrimitives.WriteInt32LittleEndian(header[60..], ParityBands);
        BinaryPrimitives.WriteInt32LittleEndian(header[64..], Pieces.Count);
        BinaryPrimitives.WriteInt64LittleEndian(header[72..], PayloadBytes(sectorSize));
        var payloadCrc = Crc32C.Compute(record.Slice(HeaderBytes, (int)PayloadBytes(sectorSize)));
        BinaryPrimitives.WriteUInt32LittleEndian(header[80..], payloadCrc);
        for (var i = 0; i < Pieces.Count; i++)
        {
            var at = header[(128 + i * 12)..];
            BinaryPrimitives.WriteInt32LittleEndian(at, Pieces[i].Chunk);
            BinaryPrimitives.WriteInt64LittleEndian(at[4..], Pieces[i].Within);
        }
        var sectorsAt = 128 + MaxPieces * 12;
        for (var i = 0; i < Pieces.Count; i++) BinaryPrimitives.WriteInt32LittleEndian(header[(sectorsAt + i * 4)..], Pieces[i].Sectors);
        BinaryPrimitives.WriteUInt32LittleEndian(header[8..], Crc32C.Compute(header));
    }

    /// <summary>Parses a header; null when this is not a whole, valid header of this array.</summary>
    public static JournalRecord? TryParseHeader(ReadOnlySpan<byte> header, Guid arrayId, int sectorSize, out long payloadBytes, out uint payloadCrc)
    {
        payloadBytes = 0;
        payloadCrc = 0;
        if (BinaryPrimitives.ReadUInt64LittleEndian(header) != Magic) return null;
        if (Crc32C.ComputeWithZeroedField(header[..HeaderBytes], 8) != BinaryPrimitives.ReadUInt32LittleEndian(header[8..])) return null;
        if (new Guid(header.Slice(24, 16), bigEndian: true) != arrayId) return null;
        var count = BinaryPrimitives.ReadInt32LittleEndian(header[64..]);
        var bandSectors = BinaryPrimitives.ReadInt32LittleEndian(header[56..]);
        var parity = BinaryPrimitives.ReadInt32LittleEndian(header[60..]);
        if (count is < 1 or > MaxPieces || bandSectors <= 0 || parity is < 1 or > 2) return null;
        var sectorsAt = 128 + MaxPieces * 12;
        var pieces = new JournalPiece[count];
        for (var i = 0; i < count; i++)
        {
            var at = header[(128 + i * 12)..];
            pieces[i] = new JournalPiece(BinaryPrimitives.ReadInt32LittleEndian(at), BinaryPrimitives.ReadInt64LittleEndian(at[4..]),
                BinaryPrimitives.ReadInt32LittleEndian(header[(sectorsAt + i * 4)..]));
            if (pieces[i].Sectors <= 0 || pieces[i].Chunk < 0) return null;
        }
        var record = new JournalRecord(BinaryPrimitives.ReadUInt64LittleEndian(header[16..]), arrayId,
            BinaryPrimitives.ReadInt64LittleEndian(header[40..]), BinaryPrimitives.ReadInt64LittleEndian(header[48..]), bandSectors, pieces, parity);
        payloadBytes = BinaryPrimitives.ReadInt64LittleEndian(header[72..]);
        payloadCrc = BinaryPrimitives.ReadUInt32LittleEndian(header[80..]);
        return payloadBytes == record.PayloadBytes(sectorSize) ? record : null;
    }
}

/// <summary>New data for part of one chunk of the row.</summary>
internal readonly record struct JournalPiece(int Chunk, long Within, int Sectors);
