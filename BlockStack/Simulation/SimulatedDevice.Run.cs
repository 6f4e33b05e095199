namespace Layered.BlockStack.Simulation;

public sealed partial class SimulatedDevice
{
    /// <summary>Applies the fault rules to one operation, then carries it out. Runs under the lock.</summary>
    private IoResult Run(IoRequest request, long opIndex, out int delayMs)
    {
        delayMs = 0;
        for (var i = 0; i < _rules.Count; i++)
        {
            var state = _rules[i];
            var rule = state.Rule;
            if (opIndex <= rule.AfterOps || state.Hits >= rule.MaxHits || !Applies(rule, request)) continue;
            if (!_chance.Hit(rule.Rate, (ulong)opIndex, (ulong)i)) continue;
            state.Hits++;
            switch (rule.Kind)
            {
                case FaultKind.Latency:
                    delayMs = Math.Max(delayMs, rule.DelayMs);
                    Record(opIndex, request, rule.Kind, request.Sector, rule.DelayMs);
                    continue;
                case FaultKind.FailStop:
                    _removed = true;
                    Record(opIndex, request, rule.Kind, request.Sector);
                    return IoResult.Fail(IoStatus.DeviceGone, request.Sector);
                case FaultKind.ReadError or FaultKind.WriteError:
                    Record(opIndex, request, rule.Kind, request.Sector);
                    return IoResult.Fail(rule.Transient ? IoStatus.Transient : IoStatus.IoError, request.Sector);
                case FaultKind.LatentSectorError:
                    var bad = PickSector(rule, request, opIndex, i);
                    _latent.Add(bad);
                    Record(opIndex, request, rule.Kind, bad);
                    break;
                case FaultKind.TornWrite:
                    var landed = (int)_chance.Below(request.SectorCount, (ulong)opIndex, (ulong)i, 1);
                    if (landed > 0) Write(request.Sector, request.Span(SectorSize)[..(landed * SectorSize)], request.IsFua);
                    Record(opIndex, request, rule.Kind, request.Sector, landed);
                    return IoResult.Fail(IoStatus.IoError, request.Sector + landed);
                case FaultKind.LostFlush:
                    Record(opIndex, request, rule.Kind, 0);
                    return IoResult.Ok;
            }
        }
        return Perform(request);
    }

    private IoResult Perform(IoRequest request)
    {
        switch (request.Op)
        {
            case IoOp.Read:
                for (var s = request.Sector; s < request.Sector + request.SectorCount && _latent.Count > 0; s++)
                    if (_latent.Contains(s)) return IoResult.Fail(IoStatus.MediumError, s);
                _cache.Read(request.Sector, request.Span(SectorSize));
                break;
            case IoOp.Write:
                Write(request.Sector, request.Span(SectorSize), request.IsFua);
                break;
            case IoOp.Flush:
                _cache.Flush();
                break;
            case IoOp.Discard:
                _cache.Discard(request.Sector, request.SectorCount);
                break;
        }
        return IoResult.Ok;
    }

    /// <summary>A rewrite remaps a latent sector, as a drive does.</summary>
    private void Write(long sector, ReadOnlySpan<byte> data, bool durable)
    {
        if (_latent.Count > 0)
            for (var s = sector; s < sector + data.Length / SectorSize; s++) _latent.Remove(s);
        _cache.Write(sector, data, durable);
    }

    private static bool Applies(FaultRule rule, IoRequest request) => rule.Kind switch
    {
        FaultKind.ReadError or FaultKind.LatentSectorError => request.Op == IoOp.Read && rule.Covers(request.Sector, request.SectorCount),
        FaultKind.WriteError or FaultKind.TornWrite => request.Op == IoOp.Write && rule.Covers(request.Sector, request.SectorCount),
        FaultKind.LostFlush => request.Op == IoOp.Flush,
        _ => request.Op is IoOp.Flush || rule.Covers(request.Sector, request.SectorCount),
    };

    /// <summary>A seeded sector inside both the request and the rule's range.</summary>
    private long PickSector(FaultRule rule, IoRequest request, long opIndex, int ruleIndex)
    {
        var first = Math.Max(request.Sector, rule.FirstSector);
        var end = Math.Min(request.Sector + request.SectorCount, rule.FirstSector + Math.Min(rule.SectorCount, long.MaxValue - rule.FirstSector));
        return first + _chance.Below(end - first, (ulong)opIndex, (ulong)ruleIndex, 2);
    }

    private void Record(long opIndex, IoRequest request, FaultKind kind, long sector, long detail = 0) =>
        _trace.Add(new FaultEvent(opIndex, request.Op, sector, kind, detail));
}
