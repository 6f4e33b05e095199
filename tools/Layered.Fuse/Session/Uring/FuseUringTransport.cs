using Layered.BlockStack.Uring;
using Layered.Fuse.Protocol;
using Microsoft.Extensions.Logging;

namespace Layered.Fuse.Session.Uring;

/// <summary>
/// FUSE over io_uring for one connection. The kernel keeps one queue per possible CPU and puts a
/// request on the queue of the CPU that raised it; each queue here is a ring whose thread is
/// pinned to that CPU, with <see cref="FuseSessionOptions.IoUringQueueDepth"/> entries. The kernel
/// switches the connection over once every queue has an entry; until then, and for FORGET and
/// INTERRUPT always, requests keep coming through read(2) on /dev/fuse.
/// </summary>
internal sealed class FuseUringTransport
{
    private readonly List<Ring> _rings = [];
    private readonly List<FuseUringEntry> _entries = [];
    private readonly List<Task<int>> _loops = [];
    private readonly ILogger? _logger;

    private FuseUringTransport(ILogger? logger) => _logger = logger;

    /// <summary>Completes when every entry's loop has ended (the connection is gone, or the kernel refused the entries).</summary>
    public Task Completion { get; private set; } = Task.CompletedTask;

    public int Queues => _rings.Count;

    /// <summary>Requests served through the queues so far (counted as each begins).</summary>
    public long Served => _entries.Sum(e => e.Served);

    /// <summary>Requests answered through queue <paramref name="qid"/>, i.e. raised on that CPU.</summary>
    public long ServedOn(int qid) => _entries.Where(e => e.Qid == qid).Sum(e => e.Served);

    /// <summary>Whether every queue's thread runs pinned to its CPU (not for a possible CPU that is offline).</summary>
    public bool AllPinned => _rings.All(r => r.Pinned);

    /// <summary>
    /// Makes every queue's ring and entries, but registers nothing yet: INIT takes io_uring only
    /// when this succeeds, because once taken the kernel holds every request until each queue has
    /// an entry. Null (and a log line) when a ring cannot be made.
    /// </summary>
    public static FuseUringTransport? TryCreate(FuseSession session, int fd)
    {
        var transport = new FuseUringTransport(session.Logger);
        var queues = PossibleCpus();
        var depth = session.Options.IoUringQueueDepth;
        var payload = Math.Max(FuseLimits.MaxWriteBytes, FuseLimits.MaxPages * Environment.SystemPageSize);
        for (var qid = 0; qid < queues; qid++)
        {
            var options = new RingOptions { Entries = Math.Max(4, depth), LargeEntries = true, InlineCompletions = true, Cpu = qid, PollMicroseconds = (int)session.Options.IoUringPoll.TotalMicroseconds };
            if (!Ring.TryCreate(options, out var ring, out var error))
            {
                session.Logger?.LogError("FUSE over io_uring: creating the ring for queue {Qid} failed ({Errno}); serving through /dev/fuse", qid, error);
                transport.Stop();
                return null;
            }
            transport._rings.Add(ring);
            for (var i = 0; i < depth; i++) transport._entries.Add(new FuseUringEntry(session, ring, fd, (ushort)qid, payload));
        }
        return transport;
    }

    /// <summary>Hands every entry to the kernel; after INIT's reply, when the kernel knows the connection's sizes.</summary>
    public void Start()
    {
        foreach (var entry in _entries) _loops.Add(Watch(entry.RunAsync()));
        Completion = Task.WhenAll(_loops);
        _logger?.LogInformation("FUSE over io_uring: {Queues} queues of {Depth} entries, one pinned thread per CPU", Queues, _entries.Count / Math.Max(1, Queues));
    }

    /// <summary>Logs an entry the kernel refused (the first of them says why; the kernel falls back to /dev/fuse).</summary>
    private async Task<int> Watch(Task<int> loop)
    {
        var result = await loop.ConfigureAwait(false);
        if (result is not (-(int)Errno.ENOTCONN or -(int)Errno.ECONNABORTED or -(int)Errno.ECANCELED))
            _logger?.LogError("FUSE over io_uring: an entry ended with {Errno}", (Errno)(-result));
        return result;
    }

    /// <summary>
    /// After the connection has ended: waits (bounded) for the entries to see it, then closes the
    /// rings. Entry memory is freed only if every loop ended, i.e. the kernel holds none of it.
    /// </summary>
    public async Task<bool> StopAsync(TimeSpan timeout)
    {
        var ended = await Task.WhenAny(Completion, Task.Delay(timeout)).ConfigureAwait(false) == Completion;
        // Off the ring threads: the last loop completes inline on one, and a ring thread must not
        // wait for another ring's thread while that one may be waiting to be disposed.
        await Task.Run(Stop).ConfigureAwait(false);
        if (!ended) _logger?.LogWarning("FUSE over io_uring: entries still held by the kernel after the connection ended; their buffers are left allocated");
        return ended;
    }

    /// <summary>Closes the rings, and frees the entries unless the kernel may still hold one.</summary>
    public void Stop()
    {
        // In parallel: a ring whose entries the kernel still holds waits out its dispose timeout.
        Parallel.ForEach(_rings, ring => ring.Dispose());
        if (_loops.All(l => l.IsCompleted))
            foreach (var entry in _entries) entry.Dispose();
    }

    /// <summary>The kernel makes num_possible_cpus() queues and expects every one to get an entry.</summary>
    private static int PossibleCpus()
    {
        try
        {
            // e.g. "0-1", "0" or "0-3,8-11".
            var count = 0;
            foreach (var range in File.ReadAllText("/sys/devices/system/cpu/possible").Trim().Split(','))
            {
                var ends = range.Split('-');
                count += ends.Length == 1 ? 1 : int.Parse(ends[1]) - int.Parse(ends[0]) + 1;
            }
            return count;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
        {
            return Environment.ProcessorCount;
        }
    }
}
