using System.Diagnostics;
using Layered.BlockStack;
using Layered.BlockStack.Buffers;
using Layered.Raid.Io;
using Layered.Raid.Members;

namespace Layered.Raid;

/// <summary>
/// Scrub: reads every row and checks its redundancy, window by window under the row locks, so
/// foreground I/O runs between windows and never sees a half-repaired row. Check counts rows
/// whose redundancy disagrees; Repair also rewrites it. In both modes a member chunk that fails
/// to read (a latent sector error) is reconstructed from redundancy and rewritten, because
/// finding those before a second failure makes them unrecoverable is what scrub is for.
/// </summary>
public sealed partial class RaidDevice
{
    private const int ScrubRowsPerWindow = 16;

    /// <summary>Linear's one "chunk" is a whole member, so it is read in bands of at most this.</summary>
    private const int ScrubLinearBandBytes = 1 << 20;

    private static readonly TimeSpan s_scrubProgressInterval = TimeSpan.FromMilliseconds(250);

    private int _scrubbing;

    [Flags]
    private enum ScrubFinding
    {
        Consistent = 0,
        Mismatched = 1,
        Repaired = 2,
        Unreadable = 4,
        Unverifiable = 8,
    }

    private sealed class ScrubTally(ScrubMode mode, long rows, long rowBytes)
    {
        public long RowsChecked;
        public long Mismatched;
        public long Repaired;
        public long LatentRepaired;
        public long Unreadable;
        public long Unverifiable;

        public void Add(ScrubFinding finding)
        {
            RowsChecked++;
            if (finding.HasFlag(ScrubFinding.Mismatched)) Mismatched++;
            if (finding.HasFlag(ScrubFinding.Repaired)) Repaired++;
            if (finding.HasFlag(ScrubFinding.Unreadable)) Unreadable++;
            else if (finding.HasFlag(ScrubFinding.Unverifiable)) Unverifiable++;
        }

        public ScrubReport Report(TimeSpan elapsed) => new(mode, RowsChecked, rows, Mismatched, Repaired, LatentRepaired, Unreadable,
            elapsed, RowsChecked * rowBytes / Math.Max(elapsed.TotalSeconds, 1e-3), Unverifiable);
    }

    /// <summary>
    /// Scrubs the whole set once. Progress goes to <paramref name="progress"/> at most every
    /// 250 ms; the returned report is the final one. Cancellation is honoured between windows.
    /// One scrub runs at a time.
    /// </summary>
    public Task<ScrubReport> ScrubAsync(ScrubMode mode, IProgress<ScrubReport>? progress = null, CancellationToken cancellationToken = default) =>
        ScrubAsync(mode, rowFilter: null, progress, cancellationToken);

    /// <summary>Scrubs only the rows the filter names (all rows when it is null).</summary>
    internal async Task<ScrubReport> ScrubAsync(ScrubMode mode, Func<long, bool>? rowFilter, IProgress<ScrubReport>? progress = null, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(IsDisposed, this);
        if (Interlocked.Exchange(ref _scrubbing, 1) != 0) throw new InvalidOperationException($"{Name}: a scrub is already running");
        try
        {
            var tally = new ScrubTally(mode, Layout.Rows, Layout.RowDataSectors * SectorSize);
            var bandSectors = ScrubBandBytes() / SectorSize;
            var clock = Stopwatch.StartNew();
            var reported = TimeSpan.Zero;
            for (long row = 0; row < Layout.Rows; row += ScrubRowsPerWindow)
            {
                cancellationToken.ThrowIfCancellationRequested();
                ObjectDisposedException.ThrowIf(IsDisposed, this);
                var end = Math.Min(row + ScrubRowsPerWindow, Layout.Rows);
                if (rowFilter is not null && !Enumerable.Range(0, (int)(end - row)).Any(i => rowFilter(row + i))) continue;
                using (await _rowLocks.LockAsync(row, end).ConfigureAwait(false))
                    for (var r = row; r < end; r++)
                        if (rowFilter?.Invoke(r) ?? true) tally.Add(await ScrubRowAsync(mode, tally, r, bandSectors, cancellationToken).ConfigureAwait(false));
                if (progress is not null && clock.Elapsed - reported >= s_scrubProgressInterval)
                {
                    reported = clock.Elapsed;
                    progress.Report(tally.Report(reported));
                }
            }
            return tally.Report(clock.Elapsed);
        }
        finally
        {
            Volatile.Write(ref _scrubbing, 0);
        }
    }

    /// <summary>A band is a whole chunk, which scratch buffers fit, except for linear.</summary>
    private int ScrubBandBytes()
    {
        var chunkBytes = (int)Math.Min(Layout.ChunkSectors * SectorSize, int.MaxValue);
        if (Level != RaidLevel.Linear) return chunkBytes;
        var maxTransfer = AllMembers().Select(m => m.Device.MaxTransferBytes).DefaultIfEmpty(ScrubLinearBandBytes).Min();
        return Math.Max(SectorSize, Math.Min(Math.Min(chunkBytes, ScrubLinearBandBytes), maxTransfer) / SectorSize * SectorSize);
    }

    private async Task<ScrubFinding> ScrubRowAsync(ScrubMode mode, ScrubTally tally, long row, long bandSectors, CancellationToken cancellationToken)
    {
        var finding = ScrubFinding.Consistent;
        // Linear allocates its own band buffers: the set's scratch buffers are a whole member.
        using var linearPool = bandSectors < Layout.ChunkSectors ? new AlignedBufferPool((int)(bandSectors * SectorSize), ScratchBuffersKept) : null;
        var pool = linearPool ?? _scratch;
        for (long within = 0; within < Layout.ChunkSectors; within += bandSectors)
        {
            // Only linear has several bands in a row; its one row is the whole array, so it stops here too.
            cancellationToken.ThrowIfCancellationRequested();
            var sectors = (int)Math.Min(bandSectors, Layout.ChunkSectors - within);
            finding |= Layout.ParityChunks > 0
                ? await ScrubParityBandAsync(mode, tally, pool, row, within, sectors).ConfigureAwait(false)
                : await ScrubCopiesBandAsync(mode, tally, pool, row, within, sectors).ConfigureAwait(false);
        }
        return finding;
    }

    /// <summary>
    /// Linear, raid0/1/10: reads every slot's band and compares each chunk's copies. As in md,
    /// the first copy that reads wins: there is no way to tell which copy is right, and md's
    /// choice keeps a repaired set the same as md would leave it.
    /// </summary>
    private async Task<ScrubFinding> ScrubCopiesBandAsync(ScrubMode mode, ScrubTally tally, AlignedBufferPool pool, long row, long within, int sectors)
    {
        // Every slot of these levels holds a data copy, so the bands are indexed by slot.
        using var bands = new RowBands(pool, Layout.Members, sectors * SectorSize);
        var memberSector = Layout.MemberSector(row, within);
        var readers = new RaidMember?[Layout.Members];
        var reads = new Task<IoResult>[Layout.Members];
        for (var slot = 0; slot < reads.Length; slot++)
        {
            readers[slot] = _slots[slot].Reader(row);
            reads[slot] = readers[slot] is { } member ? ReadBandAsync(member, memberSector, bands.RentData(slot)) : s_scrubAbsent;
        }
        await Task.WhenAll(reads).ConfigureAwait(false);

        var finding = ScrubFinding.Consistent;
        var verified = false;
        for (var chunk = 0; chunk < Layout.DataChunks; chunk++)
        {
            var first = -1;
            for (var copy = 0; copy < Layout.Copies; copy++)
            {
                var slot = Layout.DataSlot(row, chunk, copy);
                if (!reads[slot].Result.IsOk) continue;
                if (first < 0) { first = slot; continue; }
                verified = true;
                if (bands.Data[slot].Span.SequenceEqual(bands.Data[first].Span)) continue;
                finding |= ScrubFinding.Mismatched;
                if (mode == ScrubMode.Repair && await ScrubRewriteSlotAsync(slot, memberSector, bands.Writable(first)).ConfigureAwait(false))
                    finding |= ScrubFinding.Repaired;
            }
            if (first < 0) { finding |= ScrubFinding.Unreadable; continue; }
            for (var copy = 0; copy < Layout.Copies; copy++)
            {
                var slot = Layout.DataSlot(row, chunk, copy);
                if (IsLatentError(reads[slot].Result))
                    verified |= await ScrubRepairLatentAsync(tally, readers[slot]!, reads[slot].Result, row, within, bands.Writable(first)).ConfigureAwait(false);
            }
        }
        return finding | (verified || Layout.Copies == 1 ? ScrubFinding.Consistent : ScrubFinding.Unverifiable);
    }

    /// <summary>
    /// Raid5/6: reads data, P and Q, reconstructs what failed to read, and compares the parity
    /// that was not needed for reconstruction with parity computed from the data. As in md, the
    /// data is taken as right and a mismatch is repaired by rewriting parity.
    /// </summary>
    private async Task<ScrubFinding> ScrubParityBandAsync(ScrubMode mode, ScrubTally tally, AlignedBufferPool pool, long row, long within, int sectors)
    {
        using var bands = new RowBands(pool, Layout.DataChunks, sectors * SectorSize);
        var memberSector = Layout.MemberSector(row, within);
        var readers = new RaidMember?[Layout.DataChunks];
        var reads = new Task<IoResult>[Layout.DataChunks];
        for (var chunk = 0; chunk < reads.Length; chunk++)
        {
            readers[chunk] = _slots[Layout.DataSlot(row, chunk)].Reader(row);
            reads[chunk] = readers[chunk] is { } member ? ReadBandAsync(member, memberSector, bands.RentData(chunk)) : s_scrubAbsent;
        }
        var pReader = _slots[Layout.PSlot(row)].Reader(row);
        var qReader = Layout.ParityChunks > 1 ? _slots[Layout.QSlot(row)].Reader(row) : null;
        var pRead = pReader is null ? s_scrubAbsent : ReadBandAsync(pReader, memberSector, bands.RentP());
        var qRead = qReader is null ? s_scrubAbsent : ReadBandAsync(qReader, memberSector, bands.RentQ());
        await Task.WhenAll([.. reads, pRead, qRead]).ConfigureAwait(false);

        var lost = Enumerable.Range(0, reads.Length).Where(c => !reads[c].Result.IsOk).ToList();
        var (haveP, haveQ) = (pRead.Result.IsOk, qRead.Result.IsOk);
        if (!bands.TryRecover(lost, haveP, haveQ)) return ScrubFinding.Unreadable;
        var (readP, readQ) = (bands.P, bands.Q);
        bands.ComputeParity(Layout.ParityChunks);
        // Recovery spends P on one lost chunk and Q on a second (or on one when P is missing too).
        var checkP = haveP && lost.Count == 0;
        var checkQ = haveQ && (lost.Count == 0 || (lost.Count == 1 && haveP));
        var pWrong = checkP && !readP.Span.SequenceEqual(bands.P.Span);
        var qWrong = checkQ && !readQ.Span.SequenceEqual(bands.Q.Span);

        var verified = checkP || checkQ;
        foreach (var chunk in lost.Where(c => IsLatentError(reads[c].Result)))
            verified |= await ScrubRepairLatentAsync(tally, readers[chunk]!, reads[chunk].Result, row, within, bands.Writable(chunk)).ConfigureAwait(false);
        if (IsLatentError(pRead.Result)) verified |= await ScrubRepairLatentAsync(tally, pReader!, pRead.Result, row, within, bands.P).ConfigureAwait(false);
        if (IsLatentError(qRead.Result)) verified |= await ScrubRepairLatentAsync(tally, qReader!, qRead.Result, row, within, bands.Q).ConfigureAwait(false);

        var finding = verified ? ScrubFinding.Consistent : ScrubFinding.Unverifiable;
        if (!pWrong && !qWrong) return finding;
        finding |= ScrubFinding.Mismatched;
        if (mode == ScrubMode.Check) return finding;
        var landed = !pWrong || await ScrubRewriteSlotAsync(Layout.PSlot(row), memberSector, bands.P).ConfigureAwait(false);
        landed &= !qWrong || await ScrubRewriteSlotAsync(Layout.QSlot(row), memberSector, bands.Q).ConfigureAwait(false);
        return landed ? finding | ScrubFinding.Repaired : finding;
    }

    private static readonly Task<IoResult> s_scrubAbsent = Task.FromResult(IoResult.Fail(IoStatus.DeviceGone, 0));

    /// <summary>A read that failed on a present device: the sectors can be rewritten. Transient failures are left for the next pass.</summary>
    private static bool IsLatentError(IoResult result) => result.Status is IoStatus.IoError or IoStatus.MediumError;

    /// <summary>Rewrites a member chunk that failed to read; a member that refuses the rewrite fails.</summary>
    private async Task<bool> ScrubRepairLatentAsync(ScrubTally tally, RaidMember member, IoResult read, long row, long within, Memory<byte> content)
    {
        var rewrite = await MemberIoAsync(member, IoOp.Write, Layout.MemberSector(row, within), content, null, 0).ConfigureAwait(false);
        if (!rewrite.IsOk)
        {
            FailMember(member, $"scrub: read failed ({read}) and the rewrite failed ({rewrite})");
            return false;
        }
        tally.LatentRepaired++;
        Counters.ReadErrorRepaired();
        Record(RaidEventKind.ReadErrorRepaired, member, $"scrub: row {row} sectors {within}+{content.Length / SectorSize}");
        return true;
    }

    /// <summary>Writes a band to every writer of a slot (its member and any replacement); true when all of them took it.</summary>
    private async Task<bool> ScrubRewriteSlotAsync(int slot, long memberSector, Memory<byte> content)
    {
        var writes = new SlotWrites(this);
        writes.Add(slot, memberSector, content);
        return await writes.CompleteAsync().ConfigureAwait(false);
    }
}
