using Polly;
using Polly.Retry;

namespace Layered.BlockStack.Resilience;

/// <summary>
/// Builds the Polly pipeline that retries <see cref="IoStatus.Transient"/> results. Devices
/// call it only after a first attempt came back transient, so the hot path never enters Polly.
/// </summary>
public static class IoRetry
{
    public static ResiliencePipeline<IoResult> Create(IoRetryOptions options, RetryCounters? counters = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(options.MaxRetries);
        if (options.MaxRetries == 0) return ResiliencePipeline<IoResult>.Empty;
        return new ResiliencePipelineBuilder<IoResult>()
            .AddRetry(new RetryStrategyOptions<IoResult>
            {
                ShouldHandle = new PredicateBuilder<IoResult>().HandleResult(r => r.Status == IoStatus.Transient),
                MaxRetryAttempts = options.MaxRetries,
                Delay = options.BaseDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = false,
                OnRetry = _ =>
                {
                    counters?.RecordRetry();
                    return ValueTask.CompletedTask;
                },
            })
            .Build();
    }
}
