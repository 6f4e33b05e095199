using Layered.BlockStack;
using Layered.Raid.Io;
using Layered.Raid.Members;

namespace Layered.Raid;

/// <summary>
/// Resync after an unclean stop: rows a write may have reached only partly are made
/// consistent again. Mirrors take the first readable copy; parity is recomputed from the data.
/// </summary>
public sealed partial class RaidDevice
{
    /// <summary>Resyncs the given rows, window by window under the row locks; returns how many rows it rewrote.</summary>
    public async Task<long> ResyncRowsAsync(IEnumerable<long> rows, CancellationToken cancellationToken = default)
    {
        long done = 0;
        foreach (var row in rows)
        {
            cancellationToken.ThrowIfCancellationRequested();
            using var rowLock = await _rowLocks.LockAsync(row, row + 1).ConfigureAwait(false);
            if (await ResyncRowAsync(row).ConfigureAwait(false)) done++;
        }
        return done;
    }

    /// <summary>The rows that overlap array byte ranges, in order, each once.</summary>
    public IEnumerable<long> RowsOf(IEnumerable<(long OffsetBytes, long LengthBytes)> ranges)
    {
        var rowBytes = Layout.RowDataSectors * SectorSize;
        var last = -1L;
        foreach (var (offset, length) in ranges.OrderBy(r => r.OffsetBytes))
            for (var row = Math.Max(offset / rowBytes, last + 1); row <= Math.Min((offset + length - 1) / rowBytes, Layout.Rows - 1); row++)
                yield return last = row;
    }

    private async Task<bool> ResyncRowAsync(long row)
    {
        using var bands = new RowBands(_scratch, Layout.DataChunks, (int)(Layout.ChunkSectors * SectorSize));
        var memberSector = Layout.MemberSector(row, 0);
        var writes = new List<(RaidMember Member, Task<IoResult> Write)>();
        var writers = new RaidMember?[2];
        if (Layout.ParityChunks == 0)
        {
            if (Layout.Copies == 1) return false;
            for (var chunk = 0; chunk < Layout.DataChunks; chunk++)
            {
                var source = Enumerable.Range(0, Layout.Copies).Select(c => _slots[Layout.DataSlot(row, chunk, c)].Reader(row)).FirstOrDefault(m => m is not null);
                if (source is null) continue;
                var content = bands.RentData(chunk);
                if (!(await ReadBandAsync(source, memberSector, content).ConfigureAwait(false)).IsOk) continue;
                for (var copy = 0; copy < Layout.Copies; copy++)
                {
                    var count = _slots[Layout.DataSlot(row, chunk, copy)].Writers(writers);
                    for (var i = 0; i < count; i++)
                        if (!ReferenceEquals(writers[i], source)) writes.Add((writers[i]!, MemberIoAsync(writers[i]!, IoOp.Write, memberSector, content, null, 0).AsTask()));
                }
            }
        }
        else
        {
            // With a data chunk missing, its content is unknown, so parity cannot be rebuilt here.
            if ((await ReadBandsAsync(bands, row, 0).ConfigureAwait(false)).Count > 0) return false;
            bands.ComputeParity(Layout.ParityChunks);
            AddParityWrites(writes, Layout.PSlot(row), bands.P, row, 0, WriteFlags.None);
            if (Layout.ParityChunks > 1) AddParityWrites(writes, Layout.QSlot(row), bands.Q, row, 0, WriteFlags.None);
        }
        await Task.WhenAll(writes.Select(w => w.Write)).ConfigureAwait(false);
        foreach (var (member, write) in writes)
            if (!write.Result.IsOk) OnMemberWriteFailed(member, write.Result);
        return writes.Count > 0;
    }
}
