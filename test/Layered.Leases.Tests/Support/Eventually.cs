namespace Layered.Leases.Tests.Support;

internal static class Eventually
{
    /// <summary>Polls until the condition holds; fails the test after <paramref name="bound"/>.</summary>
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
