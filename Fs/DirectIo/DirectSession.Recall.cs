using Layered.Leases;

namespace Layered.Fs.DirectIo;

public sealed partial class DirectSession
{
    /// <summary>
    /// A breaker wants the file's layout: stop issuing on it, wait for its in-flight ops, drop the
    /// mapping cache, release. Ops arriving meanwhile wait, then re-acquire behind the breaker.
    /// </summary>
    public async ValueTask RecallAsync(LayoutLease lease, CancellationToken ct)
    {
        if (_options.IgnoreRecalls) return;
        Counters.Recall();
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        DirectFile? file;
        lock (_gate) file = _files.OfType<DirectFile>().FirstOrDefault(f => ReferenceEquals(f.Lease, lease));
        if (file is null)
        {
            await lease.ReleaseAsync().ConfigureAwait(false);
            return;
        }
        TaskCompletionSource recalling;
        Task drained;
        lock (file.Gate)
        {
            recalling = file.Recalling ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            file.Drained ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            if (file.InFlight == 0) file.Drained.TrySetResult();
            drained = file.Drained.Task;
        }
        try
        {
            await drained.WaitAsync(ct).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Fenced while draining: the tags are revoked, so what is still in flight fails on its own.
        }
        lock (file.Gate)
        {
            file.Cache.Clear();
            if (ReferenceEquals(file.Lease, lease)) file.Lease = null;
            file.Recalling = null;
            file.Drained = null;
        }
        await lease.ReleaseAsync().ConfigureAwait(false);
        Counters.RecallTook(System.Diagnostics.Stopwatch.GetElapsedTime(started));
        recalling.TrySetResult();
    }
}
