using Layered.Cli.Drill.Load;

namespace Layered.Cli.Drill.Timeline;

/// <summary>
/// Takes a sample every second (and a last one at the end) and prints its line. Between
/// samples it traces the set's state ten times a second, because a degraded spell or a
/// rebuild often lasts less than a second and the chart should show where it really was.
/// </summary>
internal sealed class TimelineSampler(DrillClock clock, LoadCounters counters, DrillSet set, DrillEventLog events, Action<string> print)
{
    private const int MaxTracePoints = 20_000;
    private static readonly TimeSpan s_traceInterval = TimeSpan.FromMilliseconds(100);

    private readonly List<TimelineSample> _samples = [];
    private readonly List<TracePoint> _trace = [];
    private readonly Lock _lock = new();
    private double _lastT;
    private long _lastRead;
    private long _lastWritten;
    private long _lastOps;
    private long _lastErrors;
    private long _lastWrong;
    private int _eventsTaken;
    private int _lastMissing;

    /// <summary>"load" while faults and load run; "final" during the last rebuild wait and the read-back.</summary>
    public string Phase { get; private set; } = "load";

    /// <summary>When the load stopped and the final check began; null before.</summary>
    public double? FinalStart { get; private set; }

    /// <summary>Closes the load's last second here, so the read-back's rates never mix with the load's.</summary>
    public void BeginFinal()
    {
        Sample();
        FinalStart = clock.Seconds;
        Phase = "final";
    }

    public IReadOnlyList<TimelineSample> Samples { get { lock (_lock) return [.. _samples]; } }

    public IReadOnlyList<TracePoint> Trace { get { lock (_lock) return [.. _trace]; } }

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(s_traceInterval);
        var nextSample = 1.0;
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                TracePoint();
                if (clock.Seconds < nextSample) continue;
                Sample();
                nextSample = Math.Floor(clock.Seconds) + 1;
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>Closes the current second: rates since the last sample, the set's state now, the events since.</summary>
    public void Sample()
    {
        lock (_lock)
        {
            var t = clock.Seconds;
            var dt = t - _lastT;
            var all = events.All;
            if (dt < 0.05 && all.Count == _eventsTaken) return;
            var (read, written, ops, errors, wrong) = (counters.BytesRead, counters.BytesWritten, counters.Ops, counters.Errors, counters.WrongSectors);
            var rebuilds = new List<RebuildSample>();
            if (set.Current is { } device)
            {
                _lastMissing = device.MissingSlots;
                rebuilds.AddRange(device.Rebuilds.Select(r => new RebuildSample(r.Slot, r.Device, 100 * r.Fraction, r.BytesPerSecond / 1e6)));
            }
            var sample = new TimelineSample(t, Phase, (read - _lastRead) / 1e6 / dt, (written - _lastWritten) / 1e6 / dt,
                ops - _lastOps, errors - _lastErrors, wrong - _lastWrong, _lastMissing, rebuilds, [.. all.Skip(_eventsTaken)]);
            (_lastT, _lastRead, _lastWritten, _lastOps, _lastErrors, _lastWrong, _eventsTaken) = (t, read, written, ops, errors, wrong, all.Count);
            _samples.Add(sample);
            print(sample.Line());
        }
    }

    private void TracePoint()
    {
        if (set.Current is not { } device) return;
        var point = new TracePoint(clock.Seconds, device.MissingSlots, [.. device.Rebuilds.Select(r => (r.Slot, 100 * r.Fraction))]);
        lock (_lock)
        {
            // A long drill keeps its whole span at half the resolution rather than only its start.
            if (_trace.Count >= MaxTracePoints)
            {
                var kept = _trace.Where((_, i) => i % 2 == 0).ToList();
                _trace.Clear();
                _trace.AddRange(kept);
            }
            _trace.Add(point);
        }
    }
}
