namespace Layered.BlockStack.Resilience;

/// <summary>How transient device errors are retried. Every retry is bounded.</summary>
public sealed record IoRetryOptions
{
    /// <summary>Retries after the first attempt; after them the caller sees the last status.</summary>
    public int MaxRetries { get; init; } = 3;

    public TimeSpan BaseDelay { get; init; } = TimeSpan.FromMilliseconds(1);
}
