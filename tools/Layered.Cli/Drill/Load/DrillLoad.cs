using Layered.Raid;

namespace Layered.Cli.Drill.Load;

/// <summary>
/// The verified mixed load: lanes that each run one I/O at a time against whatever set is
/// current. Each lane holds a permit while its I/O is in flight, so taking every permit
/// pauses the load with nothing in flight (for a crash), and giving them back resumes it.
/// </summary>
internal sealed class DrillLoad : IDisposable
{
    private readonly LoadLane[] _lanes;
    private readonly SemaphoreSlim _permits;
    private readonly CancellationTokenSource _stop = new();
    private readonly Func<RaidDevice> _device;
    private Task[] _running = [];
    private bool _paused;

    public DrillLoad(LoadArea area, LoadContext context, Func<RaidDevice> device, ulong seed)
    {
        _device = device;
        _lanes = [.. Enumerable.Range(0, area.Lanes).Select(i => new LoadLane(i, area, context, SplitMix.For(seed, 0x1000 + (ulong)i)))];
        _permits = new SemaphoreSlim(area.Lanes, area.Lanes);
    }

    public void Start() => _running = [.. _lanes.Select(lane => Task.Run(() => RunAsync(lane)))];

    /// <summary>Waits until no lane has an I/O in flight and none can start one; false (and still running) on timeout.</summary>
    public async Task<bool> PauseAsync(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        for (var taken = 0; taken < _lanes.Length; taken++)
        {
            var left = deadline - DateTime.UtcNow;
            if (left > TimeSpan.Zero && await _permits.WaitAsync(left).ConfigureAwait(false)) continue;
            if (taken > 0) _permits.Release(taken);
            return false;
        }
        _paused = true;
        return true;
    }

    public void Resume()
    {
        if (!_paused) return;
        _paused = false;
        _permits.Release(_lanes.Length);
    }

    /// <summary>Stops every lane after its current I/O; false when some lane did not stop in time (an I/O hung).</summary>
    public async Task<bool> StopAsync(TimeSpan timeout)
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await Task.WhenAll(_running).WaitAsync(timeout).ConfigureAwait(false);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    /// <summary>Reads back and checks every sector the load ever wrote, all lanes at once; returns the sectors checked.</summary>
    public async Task<long> VerifyAllAsync(RaidDevice device, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var verifying = _lanes.Select(lane => Task.Run(() => lane.VerifyAllAsync(device, cancellationToken), cancellationToken)).ToArray();
        _running = [.. _running, .. verifying];
        var checks = await Task.WhenAll(verifying).WaitAsync(timeout, cancellationToken).ConfigureAwait(false);
        return checks.Sum();
    }

    private async Task RunAsync(LoadLane lane)
    {
        var stop = _stop.Token;
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await _permits.WaitAsync(stop).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            try
            {
                await lane.RunOneAsync(_device()).ConfigureAwait(false);
            }
            finally
            {
                _permits.Release();
            }
            // Simulated members complete inline; yielding keeps the sampler and the faults on time.
            await Task.Yield();
        }
    }

    public void Dispose()
    {
        // A lane whose I/O hung still owns its buffer; leaking it beats freeing memory a device may write.
        if (_running.Any(t => !t.IsCompleted)) return;
        foreach (var lane in _lanes) lane.Dispose();
        _stop.Dispose();
        _permits.Dispose();
    }
}
