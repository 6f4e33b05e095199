namespace Layered.Leases.Tests.Support;

internal static class Bounds
{
    /// <summary>How long any single await in a test may take before the test calls it hung.</summary>
    public static readonly TimeSpan Step = TimeSpan.FromSeconds(10);

    /// <summary>Long enough that a wrongly granted waiter would have run by then.</summary>
    public static readonly TimeSpan Settle = TimeSpan.FromMilliseconds(150);

    public const long ToEnd = long.MaxValue;

    /// <summary>The length that runs from <paramref name="offset"/> to the end of the file.</summary>
    public static long Rest(long offset) => ToEnd - offset;
}
