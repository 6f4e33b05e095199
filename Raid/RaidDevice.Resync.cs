namespace Layered.Raid;

/// <summary>
/// Resync after an unclean stop: rows a write may have reached only partly are made consistent
/// again. It is scrub repair over those rows, so the rules are scrub's: the first mirror copy
/// wins, and parity is recomputed from the data.
/// </summary>
public sealed partial class RaidDevice
{
    /// <summary>Resyncs the given rows; returns how many of them had to be rewritten.</summary>
    public async Task<long> ResyncRowsAsync(IEnumerable<long> rows, CancellationToken cancellationToken = default)
    {
        var selected = rows.ToHashSet();
        if (selected.Count == 0) return 0;
        var report = await ScrubAsync(ScrubMode.Repair, selected.Contains, progress: null, cancellationToken).ConfigureAwait(false);
        return report.RepairedRows;
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
}
