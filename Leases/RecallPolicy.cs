using Polly;
using Polly.Fallback;
using Polly.Timeout;

namespace Layered.Leases;

/// <summary>
/// The breaker's wait as a Polly pipeline: a timeout of the break time around "every recalled
/// lease has ended", and a fallback that fences whatever is still live, itself bounded by the
/// fence time. Built once per table.
/// </summary>
internal sealed class RecallPolicy
{
    private static readonly ResiliencePropertyKey<IReadOnlyList<LayoutLease>> s_recalled = new("Layered.Leases.Recalled");

    private readonly LeaseTable _table;
    private readonly TimeSpan _fenceTime;
    private readonly ResiliencePipeline _fenceLimit;
    private readonly ResiliencePipeline<RecallOutcome> _waitThenFence;

    public RecallPolicy(LeaseOptions options, LeaseTable table)
    {
        _table = table;
        _fenceTime = options.FenceTime;
        _fenceLimit = new ResiliencePipelineBuilder().AddTimeout(options.FenceTime).Build();
        _waitThenFence = new ResiliencePipelineBuilder<RecallOutcome>()
            .AddFallback(new FallbackStrategyOptions<RecallOutcome>
            {
                // Only the break time running out fences; the breaker's own cancellation does not.
                ShouldHandle = new PredicateBuilder<RecallOutcome>().Handle<TimeoutRejectedException>(),
                FallbackAction = FenceAsync,
            })
            .AddTimeout(options.BreakTime)
            .Build();
    }

    /// <summary>Waits for every recalled lease to end, fencing the stragglers after the break time.</summary>
    public async ValueTask<RecallOutcome> WaitAsync(IReadOnlyList<LayoutLease> recalled, CancellationToken ct)
    {
        var context = ResilienceContextPool.Shared.Get(ct);
        try
        {
            context.Properties.Set(s_recalled, recalled);
            return await _waitThenFence.ExecuteAsync(
                static async (ctx, leases) =>
                {
                    await Task.WhenAll(leases.Select(l => l.Ended)).WaitAsync(ctx.CancellationToken).ConfigureAwait(false);
                    return RecallOutcome.Released;
                },
                context, recalled).ConfigureAwait(false);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    private async ValueTask<Outcome<RecallOutcome>> FenceAsync(FallbackActionArguments<RecallOutcome> args)
    {
        var leases = args.Context.Properties.GetValue(s_recalled, []);
        // Leases released in the meantime yield completed tasks; a lease another breaker is
        // already fencing yields that same fence.
        var fences = leases.Select(_table.FenceAsync).ToArray();
        try
        {
            await _fenceLimit.ExecuteAsync(
                static (all, token) => new ValueTask(Task.WhenAll(all).WaitAsync(token)),
                fences, args.Context.CancellationToken).ConfigureAwait(false);
            return Outcome.FromResult(RecallOutcome.Fenced);
        }
        catch (TimeoutRejectedException ex)
        {
            _table.ReportFenceTimeout(leases, _fenceTime);
            return Outcome.FromException<RecallOutcome>(new LeaseFenceException(
                $"fencing {leases.Count} lease(s) did not finish within {_fenceTime}: I/O may still be in flight", ex));
        }
    }
}
