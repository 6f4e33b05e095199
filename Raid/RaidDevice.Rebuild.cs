using System.Diagnostics;
using Layered.BlockStack;
using Layered.Raid.Io;
using Layered.Raid.Members;

namespace Layered.Raid;

/// <summary>
/// Rebuild: a rebuilding member is filled window by window while foreground I/O continues.
/// Each window locks its rows, so a foreground write to them waits, and the rebuilt content
/// is always the row's current content. Progress is a row frontier, checkpointed through the
/// metadata sink, so a rebuild resumes where it stopped.
/// </summary>
public sealed partial class RaidDevice
{
    private sealed record RebuildJob(RaidMember Target, CancellationTokenSource Stop, Func<long, bool>? RowFilter)
    {
        public Task Task { get; set; } = Task.CompletedTask;
        public long BytesWritten;
        public long RowsRebuilt;
        public Stopwatch Clock { get; } = Stopwatch.StartNew();
    }

    private readonly Dictionary<RaidMember, RebuildJob> _rebuilds = [];

    /// <summary>The rebuilds under way: target, rows done of rows, and rate.</summary>
    public IReadOnlyList<RebuildProgress> Rebuilds
    {
        get
        {
            lock (_rebuilds)
                return [.. _rebuilds.Values.Select(j => new RebuildProgress(j.Target.Slot, j.Target.Device.Name, Math.Min(j.Target.RebuildRow, Layout.Rows), Layout.Rows,
                    Interlocked.Read(ref j.BytesWritten) / Math.Max(j.Clock.Elapsed.TotalSeconds, 1e-3)))];
        }
    }

    /// <summary>Waits until no rebuild is running (or the timeout passes); true when all finished.</summary>
    public async Task<bool> WaitForRebuildsAsync(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            Task[] running;
            lock (_rebuilds) running = [.. _rebuilds.Values.Select(j => j.Task)];
            if (running.Length == 0) return true;
            await Task.WhenAny(Task.WhenAll(running), Task.Delay(deadline - DateTime.UtcNow)).ConfigureAwait(false);
        }
        lock (_rebuilds) return _rebuilds.Count == 0;
    }

    /// <summary>Starts rebuilding a member from its rebuild row (optionally only rows the filter names).</summary>
    internal void StartRebuild(RaidMember target, Func<long, bool>? rowFilter = null)
    {
        var job = new RebuildJob(target, new CancellationTokenSource(), rowFilter);
        lock (_rebuilds)
        {
            if (_rebuilds.ContainsKey(target)) return;
            _rebuilds[target] = job;
        }
        job.Task = Task.Run(() => RunRebuildAsync(job));
    }

    /// <summary>Starts a rebuild for every Rebuilding member, from its checkpoint.</summary>
    public void StartPendingRebuilds()
    {
        foreach (var member in AllMembers().Where(m => m.State == MemberState.Rebuilding)) StartRebuild(member);
    }

    private async Task CancelRebuildAsync(RaidMember target)
    {
        RebuildJob? job;
        lock (_rebuilds) _rebuilds.TryGetValue(target, out job);
        if (job is null) return;
        job.Stop.Cancel();
        await job.Task.ConfigureAwait(false);
    }

    private async Task StopRebuildsAsync()
    {
        RebuildJob[] jobs;
        lock (_rebuilds) jobs = [.. _rebuilds.Values];
        foreach (var job in jobs) job.Stop.Cancel();
        await Task.WhenAll(jobs.Select(j => j.Task)).ConfigureAwait(false);
    }

    private async Task RunRebuildAsync(RebuildJob job)
    {
        var target = job.Target;
        var options = _config.Rebuild;
        var lastCheckpoint = Stopwatch.StartNew();
        var outcome = "stopped";
        Record(RaidEventKind.RebuildStarted, target, $"from row {target.RebuildRow} of {Layout.Rows}");
        try
        {
            for (var row = target.RebuildRow; row < Layout.Rows; row = target.RebuildRow)
            {
                if (job.Stop.IsCancellationRequested) return;
                if (target.State != MemberState.Rebuilding) { outcome = "target failed"; return; }
                var end = Math.Min(row + options.RowsPerWindow, Layout.Rows);
                var failure = await RebuildWindowAsync(job, row, end).ConfigureAwait(false);
                if (failure is not null)
                {
                    outcome = failure;
                    FailMember(target, $"rebuild failed: {failure}");
                    return;
                }
                target.SetRebuildRow(end);
                if (lastCheckpoint.Elapsed >= options.CheckpointInterval)
                {
                    // A checkpoint promises the rows below it are on the target: make them durable first.
                    if (await FlushTargetAsync(target).ConfigureAwait(false) is { } flushFailure) { outcome = flushFailure; return; }
                    await PersistAsync(clean: false).ConfigureAwait(false);
                    lastCheckpoint.Restart();
                }
                await ThrottleAsync(job, options.MaxBytesPerSecond).ConfigureAwait(false);
            }
            if (await FlushTargetAsync(target).ConfigureAwait(false) is { } finalFlushFailure) { outcome = finalFlushFailure; return; }
            outcome = "completed";
            await CompleteRebuildAsync(target, Interlocked.Read(ref job.RowsRebuilt)).ConfigureAwait(false);
        }
        finally
        {
            lock (_rebuilds) _rebuilds.Remove(target);
            if (outcome != "completed")
            {
                Record(RaidEventKind.RebuildAborted, target, $"{outcome} at row {target.RebuildRow} of {Layout.Rows}");
                // A stopped rebuild keeps its checkpoint, so the rows below it must be durable first.
                if (target.State == MemberState.Rebuilding) await FlushTargetAsync(target).ConfigureAwait(false);
                await PersistAsync(clean: false).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Flushes the rebuild target; a target that cannot flush fails. Returns why, or null.</summary>
    private async Task<string?> FlushTargetAsync(RaidMember target)
    {
        var flushed = await FlushMemberAsync(target).ConfigureAwait(false);
        if (flushed.IsOk) return null;
        FailMember(target, $"rebuild flush failed: {flushed}");
        return $"flush of {target.Device.Name} failed";
    }

    /// <summary>
    /// Rebuilds rows [row, end) onto the target under their row locks, all rows of the window at
    /// once: each row's reads and its write are independent, so a window keeps every survivor
    /// busy instead of waiting on one row at a time. Returns why it failed, or null.
    /// </summary>
    private async Task<string?> RebuildWindowAsync(RebuildJob job, long row, long end)
    {
        using var rowLock = await _rowLocks.LockAsync(row, end).ConfigureAwait(false);
        var rows = new List<Task<string?>>();
        for (var r = row; r < end; r++)
            if (job.RowFilter?.Invoke(r) ?? true) rows.Add(RebuildRowAsync(job, r));
        var failures = await Task.WhenAll(rows).ConfigureAwait(false);
        return failures.FirstOrDefault(f => f is not null);
    }

    private async Task<string?> RebuildRowAsync(RebuildJob job, long row)
    {
        using var bands = new RowBands(_scratch, Layout.DataChunks, (int)(Layout.ChunkSectors * SectorSize));
        var content = await RowContentForAsync(job.Target, row, bands).ConfigureAwait(false);
        if (content.IsEmpty) return $"row {row} cannot be read from the surviving members";
        var write = await MemberIoAsync(job.Target, IoOp.Write, Layout.MemberSector(row, 0), content, null, 0).ConfigureAwait(false);
        if (!write.IsOk) return $"write to {job.Target.Device.Name} failed: {write}";
        Interlocked.Add(ref job.BytesWritten, content.Length);
        Interlocked.Increment(ref job.RowsRebuilt);
        return null;
    }

    /// <summary>What the target's chunk of a row must hold, read from the other members; empty when it cannot be had.</summary>
    private async Task<Memory<byte>> RowContentForAsync(RaidMember target, long row, RowBands bands)
    {
        var sourceSlot = _slots[target.Slot];
        var memberSector = Layout.MemberSector(row, 0);
        // A replace copies from the member it replaces while that member is still in sync.
        if (sourceSlot.Member is { } old && !ReferenceEquals(old, target) && old.IsReadable(row))
        {
            var copy = bands.RentData(0);
            if ((await ReadBandAsync(old, memberSector, copy).ConfigureAwait(false)).IsOk) return copy;
        }
        if (Layout.ParityChunks == 0)
        {
            var chunk = Layout.ChunkOf(row, target.Slot);
            for (var c = 0; c < Layout.Copies; c++)
            {
                var slot = Layout.DataSlot(row, chunk, c);
                if (slot == target.Slot || _slots[slot].Reader(row) is not { } source) continue;
                var copy = bands.RentData(0);
                if ((await ReadBandAsync(source, memberSector, copy).ConfigureAwait(false)).IsOk) return copy;
            }
            return Memory<byte>.Empty;
        }
        var targetChunk = Layout.ChunkOf(row, target.Slot);
        var missing = await ReadBandsAsync(bands, row, 0, skip: targetChunk).ConfigureAwait(false);
        if (targetChunk >= 0) missing.Insert(0, targetChunk);
        if (missing.Count > 0)
        {
            var (haveP, haveQ) = await ReadParityBandsAsync(bands, row, 0).ConfigureAwait(false);
            if (!bands.TryRecover(missing, haveP, haveQ)) return Memory<byte>.Empty;
        }
        if (targetChunk >= 0) return bands.Writable(targetChunk);
        bands.ComputeParity(Layout.ParityChunks);
        return target.Slot == Layout.PSlot(row) ? bands.P : bands.Q;
    }

    /// <summary>The target is in sync: it becomes Active; a replacement takes the slot and the old member leaves.</summary>
    private async Task CompleteRebuildAsync(RaidMember target, long rowsRebuilt)
    {
        await _membership.WaitAsync().ConfigureAwait(false);
        try
        {
            if (!target.TryTransition(MemberState.Rebuilding, MemberState.Active)) return;
            target.SetRebuildRow(long.MaxValue);
            var slot = _slots[target.Slot];
            if (ReferenceEquals(slot.Replacement, target))
            {
                var old = slot.Member;
                slot.Member = target;
                slot.Replacement = null;
                if (old is not null) await DetachAsync(old).ConfigureAwait(false);
            }
            Counters.RowsRebuilt(rowsRebuilt);
            Record(RaidEventKind.RebuildCompleted, target, $"{rowsRebuilt} of {Layout.Rows} rows rebuilt");
        }
        finally
        {
            _membership.Release();
        }
        await PersistAsync(clean: false).ConfigureAwait(false);
    }

    private static async Task ThrottleAsync(RebuildJob job, long maxBytesPerSecond)
    {
        if (maxBytesPerSecond <= 0) return;
        var due = TimeSpan.FromSeconds((double)Interlocked.Read(ref job.BytesWritten) / maxBytesPerSecond);
        var ahead = due - job.Clock.Elapsed;
        if (ahead > TimeSpan.Zero) await Task.Delay(ahead < TimeSpan.FromSeconds(5) ? ahead : TimeSpan.FromSeconds(5), job.Stop.Token).ContinueWith(_ => { }).ConfigureAwait(false);
    }
}
