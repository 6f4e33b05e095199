using Layered.BlockStack;
using Layered.BlockStack.Buffers;
using Layered.Raid;

namespace Layered.Cli.Drill.Load;

/// <summary>
/// One lane of the load: one I/O at a time over its own extents, reads verified sector by
/// sector against the model, writes stamped with fresh generations, flushes now and then so
/// the model knows what a crash may not take back.
/// </summary>
internal sealed class LoadLane(int index, LoadArea area, LoadContext context, SplitMix random) : IDisposable
{
    /// <summary>Pending (unflushed) write ranges that force a flush.</summary>
    private const int MaxUnflushed = 32;

    private const double ReadShare = 0.5;
    private const double FlushChance = 0.04;
    private const double FuaChance = 1.0 / 16;

    private readonly AlignedMemory _buffer = new(LoadArea.MaxIoBytes);
    private readonly long[] _generations = new long[LoadArea.MaxIoBytes / area.SectorSize];
    private readonly List<(long Sector, int Sectors)> _unflushed = [];
    private Exception? _exception;

    public int Index => index;

    public async Task RunOneAsync(RaidDevice device)
    {
        var roll = random.Unit();
        if (_unflushed.Count >= MaxUnflushed || (_unflushed.Count > 0 && roll < FlushChance))
        {
            await FlushAsync(device).ConfigureAwait(false);
            return;
        }
        var (sector, sectors) = area.Pick(index, random);
        if (roll < ReadShare) await ReadAndVerifyAsync(device, sector, sectors).ConfigureAwait(false);
        else await WriteAsync(device, sector, sectors, random.Chance(FuaChance)).ConfigureAwait(false);
    }

    /// <summary>Reads back every extent of this lane that was ever written; returns the sectors checked.</summary>
    public async Task<long> VerifyAllAsync(RaidDevice device, CancellationToken cancellationToken)
    {
        long checkedSectors = 0;
        var step = LoadArea.MaxIoBytes / area.SectorSize;
        for (long k = 0; k < area.ExtentsOf(index); k++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var start = area.ExtentStart(index, k);
            var written = false;
            for (var s = start; s < start + area.ExtentSectors && !written; s++) written = context.Model.EverWritten(s);
            if (!written) continue;
            for (var s = start; s < start + area.ExtentSectors; s += step)
            {
                var count = (int)Math.Min(step, start + area.ExtentSectors - s);
                if (await ReadAndVerifyAsync(device, s, count).ConfigureAwait(false)) checkedSectors += count;
            }
        }
        return checkedSectors;
    }

    /// <summary>Reads a range and checks each sector; false when the read itself failed.</summary>
    private async Task<bool> ReadAndVerifyAsync(RaidDevice device, long sector, int sectors)
    {
        var memory = _buffer.Memory[..(sectors * area.SectorSize)];
        var result = await IssueAsync(() => device.ReadAsync(sector, memory)).ConfigureAwait(false);
        if (!result.IsOk)
        {
            ReportError("read", sector, sectors, result);
            return false;
        }
        context.Counters.Read(memory.Length);
        var span = _buffer.Span[..memory.Length];
        for (var i = 0; i < sectors; i++)
        {
            var content = BlockFormat.Inspect(span.Slice(i * area.SectorSize, area.SectorSize), context.RunTag);
            if (context.Model.Check(sector + i, content) is not { } problem) continue;
            context.Counters.Wrong(1);
            context.Findings.Add(FindingLog.WrongData, context.Phase, sector + i, 1, $"{problem}; {Where(device, sector + i)}");
        }
        return true;
    }

    private async Task WriteAsync(RaidDevice device, long sector, int sectors, bool fua)
    {
        var memory = _buffer.Memory[..(sectors * area.SectorSize)];
        var span = _buffer.Span;
        for (var i = 0; i < sectors; i++)
        {
            _generations[i] = context.Model.NextGeneration(sector + i);
            BlockFormat.Fill(span.Slice(i * area.SectorSize, area.SectorSize), sector + i, _generations[i], context.RunTag);
        }
        var result = await IssueAsync(() => device.WriteAsync(sector, memory, fua ? WriteFlags.Fua : WriteFlags.None)).ConfigureAwait(false);
        for (var i = 0; i < sectors; i++)
        {
            if (result.IsOk) context.Model.Written(sector + i, _generations[i], durable: fua);
            else context.Model.WriteFailed(sector + i, _generations[i]);
        }
        if (!result.IsOk)
        {
            ReportError(fua ? "FUA write" : "write", sector, sectors, result);
            return;
        }
        context.Counters.Wrote(memory.Length);
        if (!fua) _unflushed.Add((sector, sectors));
    }

    private async Task FlushAsync(RaidDevice device)
    {
        var result = await IssueAsync(device.FlushAsync).ConfigureAwait(false);
        if (!result.IsOk)
        {
            ReportError("flush", 0, 0, result);
            return;
        }
        context.Counters.Flushed();
        foreach (var (sector, sectors) in _unflushed)
            for (var i = 0; i < sectors; i++) context.Model.Flushed(sector + i);
        _unflushed.Clear();
    }

    /// <summary>Runs one I/O; an exception is a failure the load saw, like a bad status, and is kept for the report.</summary>
    private async Task<IoResult> IssueAsync(Func<ValueTask<IoResult>> io)
    {
        try
        {
            return await io().ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            _exception = e;
            return IoResult.Fail(IoStatus.IoError, -1);
        }
    }

    private void ReportError(string op, long sector, int sectors, IoResult result)
    {
        context.Counters.Error();
        var what = _exception is { } e ? $"{op} threw {e.GetType().Name}: {e.Message}" : $"{op} returned {result}";
        _exception = null;
        context.Findings.Add(FindingLog.IoError, context.Phase, sector, sectors, what);
    }

    /// <summary>Where a sector lives: row, chunk, and the member(s) holding it now.</summary>
    private static string Where(RaidDevice device, long sector)
    {
        var layout = device.Layout;
        var (row, chunk, within) = layout.Locate(sector);
        var slots = device.Snapshot().Slots;
        var holders = Enumerable.Range(0, layout.Copies)
            .Select(copy => layout.DataSlot(row, chunk, copy))
            .Select(slot => $"slot {slot} {slots[slot].Device?.Name ?? "-"} ({slots[slot].State})");
        return $"row {row} chunk {chunk} +{within} on {string.Join(", ", holders)}";
    }

    public void Dispose() => _buffer.Dispose();
}
