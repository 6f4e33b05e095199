using System.Numerics;

namespace Layered.Cli.Bench;

/// <summary>
/// The side-by-side timer every bench shares: two sides of a comparison run for the same time
/// each, cut into rounds run in ABBA order (first, second, second, first), so drift over time
/// and other work on the machine fall on both sides alike.
/// </summary>
internal static class Abba
{
    /// <summary>
    /// Runs each side for <paramref name="perSide"/> in all, in <paramref name="rounds"/> ABBA
    /// rounds of four quarter runs, and returns each side's runs added up.
    /// </summary>
    public static async Task<(T First, T Second)> RunAsync<T>(Func<TimeSpan, Task<T>> first, Func<TimeSpan, Task<T>> second, TimeSpan perSide, int rounds = 1)
        where T : struct, IAdditionOperators<T, T, T>
    {
        var quarter = perSide / (2 * rounds);
        T a = default, b = default;
        for (var round = 0; round < rounds; round++)
        {
            a += await first(quarter);
            b += await second(quarter);
            b += await second(quarter);
            a += await first(quarter);
        }
        return (a, b);
    }

    /// <summary>Runs both sides once, unmeasured, so JIT tiering and pool growth land in neither side's time.</summary>
    public static async Task WarmUpAsync<T>(Func<TimeSpan, Task<T>> first, Func<TimeSpan, Task<T>> second, TimeSpan warmUp)
    {
        await first(warmUp);
        await second(warmUp);
    }

    /// <summary>The warm-up of benches that time whole phases: a quarter of a side's time, at most a second.</summary>
    public static TimeSpan PhaseWarmUp(TimeSpan perSide) => TimeSpan.FromMilliseconds(Math.Min(1000, perSide.TotalMilliseconds / 4));
}
