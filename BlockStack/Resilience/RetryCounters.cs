namespace Layered.BlockStack.Resilience;

/// <summary>How many retries the retry pipeline has made, for reports and tests.</summary>
public sealed class RetryCounters
{
    private long _retries;

    public long Retries => Interlocked.Read(ref _retries);

    internal void RecordRetry() => Interlocked.Increment(ref _retries);
}
