using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Polly;

namespace Layered.Leases;

/// <summary>
/// The layout leases of one filesystem. It knows nothing of files: an inode is a number and a
/// range is bytes. See DESIGN.md, "Layout leases".
/// </summary>
/// <remarks>
/// <para>Each inode keeps an arrival-ordered queue. A request waits only for earlier unfinished
/// requests it conflicts with (<see cref="LeaseRequest.Blocks"/>), so neither side starves: an
/// acquisition that arrives while a break is pending waits for that breaker's scope to be
/// disposed, and a breaker waits for earlier overlapping breakers (they serialize) and for
/// earlier waiting acquisitions it covers, which it then recalls.</para>
/// <para>One lock guards every inode and lease. Nothing awaits under it, and waiters are woken
/// after it is released, through completion sources that run continuations asynchronously.</para>
/// </remarks>
public sealed partial class LeaseTable
{
    private readonly Lock _lock = new();
    private readonly Dictionary<ulong, InodeLeases> _inodes = [];
    private readonly LeaseOptions _options;
    private readonly ILogger _logger;
    private readonly RecallPolicy _recall;
    private readonly ResiliencePipeline _waitLimit;
    private long _nextLeaseId;

    public LeaseTable(LeaseOptions? options = null, ILogger? logger = null)
    {
        _options = options ?? LeaseOptions.Default;
        _options.Validate();
        _logger = logger ?? NullLogger.Instance;
        _recall = new RecallPolicy(_options, this);
        _waitLimit = new ResiliencePipelineBuilder().AddTimeout(_options.WaitLimit).Build();
    }

    public LeaseOptions Options => _options;

    public LeaseCounters Counters { get; } = new();

    internal Lock SyncRoot => _lock;

    internal ILogger Logger => _logger;

    /// <summary>The inode's leases that are active or recalled, for diagnostics and tests.</summary>
    public IReadOnlyList<LayoutLease> Active(ulong inode)
    {
        lock (_lock)
        {
            if (!_inodes.TryGetValue(inode, out var leases)) return [];
            return [.. leases.Leases.Where(l => l.State is LeaseState.Active or LeaseState.Recalled)];
        }
    }

    /// <summary>Requests (waiting acquisitions and unfinished breakers) queued on the inode.</summary>
    public int Queued(ulong inode)
    {
        lock (_lock) return _inodes.TryGetValue(inode, out var leases) ? leases.Queue.Count : 0;
    }
}
