namespace Layered.Leases;

/// <summary>Per-table lease policy. See DESIGN.md, "Layout leases".</summary>
public sealed record LeaseOptions
{
    /// <summary>Polly's timeout strategy accepts 10 ms to one day; so do we.</summary>
    private static readonly TimeSpan s_shortest = TimeSpan.FromMilliseconds(10);
    private static readonly TimeSpan s_longest = TimeSpan.FromDays(1);

    public static LeaseOptions Default { get; } = new();

    /// <summary>How long a breaker waits for recalled holders to release before fencing them.</summary>
    public TimeSpan BreakTime { get; init; } = TimeSpan.FromSeconds(45);

    /// <summary>
    /// How long a fence may take. Revoking a tag waits for its in-flight I/O; an I/O that never
    /// completes must not hang the breaker, which then fails with <see cref="LeaseFenceException"/>.
    /// </summary>
    public TimeSpan FenceTime { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The longest an acquisition, or a breaker queued behind another breaker, waits for its turn.
    /// A breaker's turn can take its break time, its fence and its mutation, hence the margin.
    /// </summary>
    public TimeSpan WaitLimit { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// False turns leases off: acquisitions are granted and never recalled, breaks return at once.
    /// Only for the safety suites' negative control, which must then detect stale I/O.
    /// </summary>
    public bool Enabled { get; init; } = true;

    internal void Validate()
    {
        Check(BreakTime, nameof(BreakTime));
        Check(FenceTime, nameof(FenceTime));
        Check(WaitLimit, nameof(WaitLimit));
    }

    private static void Check(TimeSpan value, string name)
    {
        if (value < s_shortest || value > s_longest)
            throw new ArgumentOutOfRangeException(name, value, $"must be between {s_shortest} and {s_longest}");
    }
}
