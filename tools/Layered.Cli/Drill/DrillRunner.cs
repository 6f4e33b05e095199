using Layered.BlockStack;
using Layered.Cli.Drill.Devices;
using Layered.Cli.Drill.Faults;
using Layered.Cli.Drill.Load;
using Layered.Cli.Drill.Timeline;
using Layered.Raid;
using Layered.Raid.Assembly;
using Layered.Raid.Metadata;

namespace Layered.Cli.Drill;

/// <summary>
/// One drill: create a set, run the verified load while the fault plan plays out and the
/// timeline samples every second, then stop the load, wait for rebuilds, read back every
/// written sector, stop the set cleanly, assemble it again and read everything once more.
/// Every wait is bounded; Ctrl-C ends it early and still releases every device.
/// </summary>
internal sealed class DrillRunner
{
    private static readonly TimeSpan s_setupTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan s_stopTimeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan s_faultStopTimeout = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan s_verifyTimeout = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan s_disposeTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan s_interruptedTimeout = TimeSpan.FromMilliseconds(500);

    private readonly DrillSettings _settings;
    private readonly Action<string> _progress;
    private readonly DrillClock _clock = new();
    private readonly LoadCounters _counters = new();
    private readonly DrillEventLog _events;
    private readonly DrillSet _set;
    private readonly FindingLog _findings;
    private readonly TimelineSampler _sampler;
    private readonly DrillOutcome _outcome;
    private readonly DevicePool _pool;
    private readonly RebuildOptions _rebuild;
    private readonly CancellationTokenSource _stopSampler = new();
    private Task _sampling = Task.CompletedTask;
    private DrillLoad? _load;
    private LoadContext? _context;
    private FaultRunner? _faults;

    public DrillRunner(DrillSettings settings, Action<string> progress)
    {
        _settings = settings;
        _progress = progress;
        _events = new DrillEventLog(_clock);
        _set = new DrillSet(_events, _clock);
        _findings = new FindingLog(_clock);
        _sampler = new TimelineSampler(_clock, _counters, _set, _events, progress);
        _outcome = new DrillOutcome(settings, _counters);
        _pool = new DevicePool(settings.Device, settings.OutDir, settings.Seed);
        _rebuild = new RebuildOptions
        {
            MaxBytesPerSecond = (long)(DevicePool.MemberBytes / settings.RebuildSeconds),
            CheckpointInterval = TimeSpan.FromSeconds(Math.Min(1, settings.RebuildSeconds / 4)),
        };
    }

    public async Task<DrillOutcome> RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            try
            {
                Directory.CreateDirectory(_settings.OutDir);
                await CreateAsync(cancellationToken).ConfigureAwait(false);
                await LoadAndFaultAsync(cancellationToken).ConfigureAwait(false);
                await FinalCheckAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                _outcome.Interrupted = true;
                _progress("drill: interrupted; stopping and releasing the devices");
            }
            finally
            {
                await StopAsync().ConfigureAwait(false);
            }
        }
        finally
        {
            await ReleaseAsync().ConfigureAwait(false);
        }
        return _outcome;
    }

    /// <summary>Makes the members, creates the set on them, and prepares the load and the fault plan.</summary>
    private async Task CreateAsync(CancellationToken cancellationToken)
    {
        _progress($"drill: {_settings.LevelName} over {_settings.Members} {_settings.DeviceName} members of {DevicePool.MemberBytes >> 20} MiB, "
            + $"{_settings.Seconds:0.##} s, seed {_settings.Seed}; rebuilds throttled to {_rebuild.MaxBytesPerSecond / 1e6:0} MB/s");
        var members = Enumerable.Range(0, _settings.Members).Select(_pool.CreateMember).ToList();
        if (_settings.Device != DeviceKind.Mem) _progress($"members: {string.Join(", ", members)}");
        var array = await RaidArray.CreateAsync(_settings.Level, [.. members.Select(m => (IBlockDevice)m.Member)], new RaidCreateOptions
        {
            ChunkBytes = DrillSettings.ChunkBytes,
            Name = "drill",
            BitmapRegionBytes = DrillSettings.BitmapRegionBytes,
            Rebuild = _rebuild,
        }).WaitAsync(s_setupTimeout, cancellationToken).ConfigureAwait(false);
        _set.Attach(array);
        var device = array.Device;
        var model = new BlockModel(device.SectorCount);
        _context = new LoadContext(model, _counters, _findings, SplitMix.For(_settings.Seed, 0x7A6).Next());
        _load = new DrillLoad(new LoadArea(device.SectorCount, device.SectorSize, DrillSettings.Lanes), _context, () => _set.Device, _settings.Seed);
        _outcome.Schedule = FaultPlan.Create(_settings.Level, _settings.Members, _settings.Seconds, _settings.RebuildSeconds, _settings.Seed);
        _progress($"fault schedule: {string.Join("; ", _outcome.Schedule.Select(s => s.ToString().Trim()))}");
        _faults = new FaultRunner(new FaultContext(_set, _pool, _load, model, _events, _clock, _rebuild,
            TimeSpan.FromSeconds(Math.Max(5, 4 * _settings.RebuildSeconds))));
    }

    /// <summary>The drill proper: load and faults for the drill's length, then the load stops.</summary>
    private async Task LoadAndFaultAsync(CancellationToken cancellationToken)
    {
        using var stopFaults = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        _load!.Start();
        _sampling = _sampler.RunAsync(_stopSampler.Token);
        var faultTask = _faults!.RunAsync(_outcome.Schedule, stopFaults.Token);
        var left = TimeSpan.FromSeconds(_settings.Seconds) - _clock.Elapsed;
        var end = Task.Delay(left > TimeSpan.Zero ? left : TimeSpan.Zero, cancellationToken);
        // Only a crash that left no set to continue with ends the drill early.
        if (await Task.WhenAny(end, faultTask).ConfigureAwait(false) != faultTask || !_faults.Broken) await end.ConfigureAwait(false);
        await stopFaults.CancelAsync().ConfigureAwait(false);
        await StopFaultsAsync(faultTask).ConfigureAwait(false);
        _sampler.BeginFinal();
        _context!.Phase = "final check";
        if (!await _load.StopAsync(s_stopTimeout).ConfigureAwait(false))
            _outcome.Failures.Add($"the load did not stop within {s_stopTimeout.TotalSeconds:0} s: an I/O hung");
        if (_faults.Broken) _outcome.Failures.Add("the set could not be reassembled after a crash, so nothing could be checked");
    }

    /// <summary>Faults still waiting at the end (for a whole set that never came) are cancelled and reported.</summary>
    private async Task StopFaultsAsync(Task faultTask)
    {
        try
        {
            await faultTask.WaitAsync(s_faultStopTimeout).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            _outcome.Problems.Add("the drill ended before every planned fault ran");
        }
        catch (TimeoutException)
        {
            _outcome.Problems.Add($"a fault step did not finish within {s_faultStopTimeout.TotalSeconds:0} s of the end");
        }
        catch (Exception e)
        {
            _outcome.Failures.Add($"the fault runner failed: {e}");
        }
    }

    /// <summary>
    /// With the load stopped: wait for rebuilds, read back every written sector, stop the set
    /// cleanly, assemble it again without force (it must come back clean) and read it all again.
    /// </summary>
    private async Task FinalCheckAsync(CancellationToken cancellationToken)
    {
        if (_outcome.Failures.Count > 0) return;
        var rebuildTimeout = TimeSpan.FromSeconds(Math.Max(60, 6 * _settings.RebuildSeconds));
        if (!await _set.Device.WaitForRebuildsAsync(rebuildTimeout).WaitAsync(cancellationToken).ConfigureAwait(false))
            _outcome.Problems.Add($"rebuilds still running after {rebuildTimeout.TotalSeconds:0} s: {string.Join(", ", _set.Device.Rebuilds)}");
        _progress($"final check: reading back every written sector ({_set.Device.MissingSlots} slot(s) missing)");
        _outcome.FinalCheckSectors = await _load!.VerifyAllAsync(_set.Device, s_verifyTimeout, cancellationToken).ConfigureAwait(false);
        _outcome.FinalCheckDone = true;

        if (!await DisposeSetAsync(_set.Abandon()!, "the set after the final check", s_disposeTimeout).ConfigureAwait(false)) return;
        RaidArray restarted;
        try
        {
            restarted = await RaidArray.AssembleAsync([.. _pool.All.Select(d => (IBlockDevice)d.Member)], new AssemblyOptions(), _rebuild)
                .WaitAsync(s_setupTimeout, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            _outcome.Problems.Add($"after a clean stop the set did not assemble without force: {Describe(e)}");
            return;
        }
        _set.Attach(restarted);
        if (restarted.Plan is { Dirty: true } plan) _outcome.Problems.Add($"after a clean stop the set assembled dirty: {plan}");
        _progress("final check: again after a clean stop and a restart");
        _outcome.RestartCheckSectors = await _load.VerifyAllAsync(restarted.Device, s_verifyTimeout, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Stops whatever still runs, takes the last sample, and writes the timeline.</summary>
    private async Task StopAsync()
    {
        var timeout = _outcome.Interrupted ? s_interruptedTimeout : s_disposeTimeout;
        if (_load is not null && _outcome.Interrupted) await _load.StopAsync(s_interruptedTimeout).ConfigureAwait(false);
        if (_set.Abandon() is { } left) await DisposeSetAsync(left, "the set at the end", timeout).ConfigureAwait(false);
        await _stopSampler.CancelAsync().ConfigureAwait(false);
        await _sampling.ConfigureAwait(false);
        _sampler.Sample();
        _outcome.ElapsedSeconds = _clock.Seconds;
        _outcome.Events = _events.All;
        _outcome.Samples = _sampler.Samples;
        _outcome.Trace = _sampler.Trace;
        _outcome.FinalStart = _sampler.FinalStart;
        _outcome.Findings = _findings.All;
        _outcome.RebuildsCompleted = _set.RebuildsCompleted;
        if (_faults is not null)
        {
            _outcome.Crashes = _faults.Crashes;
            _outcome.Problems.InsertRange(0, _faults.Problems);
        }
        if (Directory.Exists(_settings.OutDir)) TimelineFiles.Write(_outcome);
    }

    /// <summary>Always runs: closes and detaches every device, and deletes image files unless the drill failed.</summary>
    private async Task ReleaseAsync()
    {
        await _pool.ReleaseAsync(keepImages: !_outcome.Passed, _outcome.Interrupted ? s_interruptedTimeout : s_disposeTimeout).ConfigureAwait(false);
        _outcome.Problems.AddRange(_pool.ReleaseProblems);
        await _pool.DisposeAsync().ConfigureAwait(false);
        _load?.Dispose();
        _stopSampler.Dispose();
    }

    /// <summary>A clean stop, bounded; false (and reported) when it did not finish.</summary>
    private async Task<bool> DisposeSetAsync(RaidArray array, string which, TimeSpan timeout)
    {
        try
        {
            await array.DisposeAsync().AsTask().WaitAsync(timeout).ConfigureAwait(false);
            return true;
        }
        catch (Exception e)
        {
            _outcome.Problems.Add($"stopping {which} cleanly failed: {Describe(e)}");
            return false;
        }
    }

    /// <summary>An exception as a report line: expected kinds by their message, anything else with where it came from.</summary>
    public static string Describe(Exception e) => e is RaidAssemblyException or TimeoutException or IOException
        ? e.Message
        : $"{e.GetType().Name}: {e.Message} ({e.StackTrace?.Split('\n').FirstOrDefault()?.Trim()})";
}
