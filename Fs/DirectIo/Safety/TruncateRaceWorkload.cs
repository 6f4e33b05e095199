using System.Diagnostics;
using Layered.BlockStack.Buffers;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Layered.Fs.DirectIo.Safety;

/// <summary>
/// The truncate-race safety workload (issue 5), shared by the test suite and
/// <c>layered drill truncate-race</c>. Direct sessions write tagged blocks into target files and
/// read them back while mutators truncate, punch, zero and re-extend those files, and scratch
/// files written through the filesystem take the freed blocks at once. The oracle: a direct
/// read returns only zeros or live tags of that very block (never another file's bytes, never
/// freed content), and scratch files always read back exactly their own pattern (a direct
/// write that landed in a block its file no longer owns would show there).
/// </summary>
/// <remarks>
/// The workload runs on a mounted filesystem it is handed; whether leases are on is the
/// mount's choice (<see cref="FsMountOptions.Leases"/>), so the negative control is the same
/// workload over a mount with leases disabled.
/// </remarks>
public sealed partial class TruncateRaceWorkload
{
    private readonly FileSystem _fs;
    private readonly TruncateRaceOptions _options;
    private readonly ILogger _logger;
    private readonly RaceClock _clock = new();
    private readonly ViolationLog _violations;
    private readonly List<(ulong Ino, TargetLedger Ledger)> _targets = [];
    private long _iterations;
    private long _reads;
    private long _writes;
    private long _mutations;
    private long _scratchWritten;
    private long _scratchChecks;
    private long _stale;
    private long _noSpace;
    private int _nextGeneration;
    private int _sessionsStarting;
    private readonly TaskCompletionSource _sessionsReady = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public TruncateRaceWorkload(FileSystem fs, TruncateRaceOptions options, ILogger? logger = null)
    {
        options.Validate();
        _fs = fs;
        _options = options;
        _logger = logger ?? NullLogger.Instance;
        _violations = new ViolationLog(options.KeepViolations);
    }

    private int BlockSize => _fs.BlockSize;

    /// <summary>Runs until the mutation count or the duration is reached, then checks every file at rest.</summary>
    public async Task<TruncateRaceReport> RunAsync(CancellationToken ct = default)
    {
        var clock = Stopwatch.StartNew();
        var counters = _fs.Leases.Counters;
        var (breaks, recalls, fences) = (counters.Breaks, counters.Recalls, counters.Fences);
        await FillWithBallastAsync(ct).ConfigureAwait(false);
        await CreateTargetsAsync(ct).ConfigureAwait(false);

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        stop.CancelAfter(_options.Duration);
        using var registry = new BufferRegistry();
        var tasks = new List<Task>();
        _sessionsStarting = _options.Sessions + (_options.ReadLayoutSession ? 1 : 0) + (_options.DeafSession ? 1 : 0);
        for (var i = 0; i < _options.Sessions; i++) tasks.Add(Run($"session {i}", CooperativeLoopAsync(registry, i, stop.Token)));
        if (_options.ReadLayoutSession) tasks.Add(Run("read-layout session", ReadLayoutLoopAsync(registry, stop.Token)));
        if (_options.DeafSession) tasks.Add(Run("deaf session", DeafLoopAsync(registry, stop.Token)));
        var mutators = Enumerable.Range(0, _options.Mutators).Select(i => Run($"mutator {i}", MutatorLoopAsync(i, stop))).ToList();
        tasks.Add(Run("scratch", ScratchLoopAsync(stop.Token)));
        await Task.WhenAll(mutators).ConfigureAwait(false);
        await stop.CancelAsync().ConfigureAwait(false);
        await Task.WhenAll(tasks).ConfigureAwait(false);

        // At rest: every target reads back clean through the filesystem, every scratch file exactly.
        await CheckTargetsAtRestAsync(ct).ConfigureAwait(false);
        await CheckScratchAtRestAsync(ct).ConfigureAwait(false);

        var report = new TruncateRaceReport
        {
            Seed = _options.Seed,
            LeasesEnabled = _fs.Leases.Options.Enabled,
            Iterations = Interlocked.Read(ref _iterations),
            DirectOps = Interlocked.Read(ref _reads) + Interlocked.Read(ref _writes),
            DirectReads = Interlocked.Read(ref _reads),
            DirectWrites = Interlocked.Read(ref _writes),
            Mutations = Interlocked.Read(ref _mutations),
            ScratchFilesWritten = Interlocked.Read(ref _scratchWritten),
            ScratchChecks = Interlocked.Read(ref _scratchChecks),
            Breaks = counters.Breaks - breaks,
            Recalls = counters.Recalls - recalls,
            Fences = counters.Fences - fences,
            StaleCompletions = Interlocked.Read(ref _stale),
            NoSpace = Interlocked.Read(ref _noSpace),
            Violations = _violations.Count,
            ViolationSamples = _violations.Samples,
            Elapsed = clock.Elapsed,
        };
        _logger.LogInformation("truncate-race: {Report}", report);
        return report;
    }

    /// <summary>A task of the workload; whatever escapes it is a violation, never a crash of the run.</summary>
    private async Task Run(string name, Task task)
    {
        try
        {
            await task.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
        catch (Exception error)
        {
            Violation($"{name} failed: {error.GetType().Name}: {error.Message}");
        }
    }

    /// <summary>Mutators start once every session holds its files, so the race begins with leases to break.</summary>
    private void SessionReady()
    {
        if (Interlocked.Decrement(ref _sessionsStarting) == 0) _sessionsReady.TrySetResult();
    }

    private void Violation(string description)
    {
        _logger.LogWarning("truncate-race violation: {Description}", description);
        _violations.Add(description);
    }

    private uint NextGeneration() => (uint)Interlocked.Increment(ref _nextGeneration);

    /// <summary>A task's own random stream: the seed and the task's number, mixed.</summary>
    private Random Rng(int stream)
    {
        var z = _options.Seed + (ulong)(stream + 1) * 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return new Random((int)(z ^ (z >> 31)));
    }
}
