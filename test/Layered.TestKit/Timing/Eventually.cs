namespace Layered.TestKit.Timing;

/// <summary>
/// For state another thread sets a moment later (a callback, a counter after a completion): look
/// until it holds, and fail the test after a bound instead of hanging or racing.
/// </summary>
public static class Eventually
{
    /// <summary>Polls until the condition holds; fails the test after <paramref name="bound"/>, naming <paramref name="what"/>.</summary>
    public static async Task HoldsAsync(Func<bool> condition, TimeSpan bound, string what)
    {
        var deadline = DateTime.UtcNow + bound;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) Assert.Fail($"{what} did not happen within {bound}");
            await Task.Delay(5);
        }
    }
}
