using Layered.BlockStack.Memory;
using Polly;

namespace Layered.BlockStack.Simulation;

/// <summary>
/// A seeded, deterministic device for drills and crash tests: durable media behind a volatile
/// write cache, and fault rules that fire from the seed and the operation index. The same
/// seed and the same sequence of operations give the same faults and the same crash outcome.
/// </summary>
public sealed partial class SimulatedDevice : BlockDevice
{
    private sealed class RuleState(FaultRule rule)
    {
        public FaultRule Rule { get; } = rule;
        public long Hits { get; set; }
    }

    private readonly Lock _lock = new();
    private readonly SparseStore _media;
    private readonly VolatileCache _cache;
    private readonly SeededChance _chance;
    private readonly SimulationOptions _options;
    private readonly List<RuleState> _rules;
    private readonly List<FaultEvent> _trace = [];
    private readonly HashSet<long> _latent = [];
    private long _opIndex;
    private ulong _crashes;
    private bool _removed;

    public SimulatedDevice(DeviceGeometry geometry, SimulationOptions options, ResiliencePipeline<IoResult>? retry = null)
        : base(geometry, retry)
    {
        _options = options;
        _chance = new SeededChance(options.Seed);
        _media = new SparseStore(geometry.SizeBytes);
        _cache = new VolatileCache(_media, geometry.SectorSize, options.MaxCachedWrites);
        _rules = options.Faults.Select(r => new RuleState(r)).ToList();
    }

    public static SimulatedDevice Create(long sizeBytes, ulong seed, IReadOnlyList<FaultRule>? faults = null, int sectorSize = 512, string name = "sim") =>
        new(new DeviceGeometry(name, Guid.NewGuid(), sectorSize, sizeBytes / sectorSize), new SimulationOptions { Seed = seed, Faults = faults ?? [] });

    public ulong Seed => _options.Seed;

    public override DeviceCapabilities Capabilities =>
        DeviceCapabilities.Flush | DeviceCapabilities.Fua | DeviceCapabilities.Discard | DeviceCapabilities.PreMap;

    public bool IsRemoved { get { lock (_lock) return _removed; } }

    public int PendingWrites { get { lock (_lock) return _cache.PendingWrites; } }

    /// <summary>Every fault that fired, in operation order.</summary>
    public IReadOnlyList<FaultEvent> FaultTrace { get { lock (_lock) return [.. _trace.OrderBy(e => e.OpIndex)]; } }

    public void AddFault(FaultRule rule) { lock (_lock) _rules.Add(new RuleState(rule)); }

    public void ClearFaults() { lock (_lock) _rules.Clear(); }

    /// <summary>Makes a sector unreadable until it is rewritten.</summary>
    public void MarkLatent(long sector) { lock (_lock) _latent.Add(sector); }

    /// <summary>Fail-stop removal: every later operation gets <see cref="IoStatus.DeviceGone"/>.</summary>
    public void Remove() { lock (_lock) _removed = true; }

    /// <summary>Power loss and restart: the volatile cache's writes persist, vanish or tear by seeded chance.</summary>
    public CrashReport Crash()
    {
        lock (_lock) return _cache.Crash(_chance, ++_crashes, _options.CrashLoseRate, _options.CrashTearRate);
    }

    protected override ValueTask<IoResult> ExecuteAsync(IoRequest request)
    {
        var opIndex = Interlocked.Increment(ref _opIndex);
        IoResult result;
        var delayMs = 0;
        lock (_lock)
        {
            result = _removed ? IoResult.Fail(IoStatus.DeviceGone, request.Sector) : Run(request, opIndex, out delayMs);
        }
        return delayMs > 0 ? DelayAsync(result, delayMs) : new(result);
    }

    private static async ValueTask<IoResult> DelayAsync(IoResult result, int delayMs)
    {
        await Task.Delay(delayMs).ConfigureAwait(false);
        return result;
    }
}
