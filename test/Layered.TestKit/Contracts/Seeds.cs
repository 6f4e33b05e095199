namespace Layered.TestKit.Contracts;

/// <summary>
/// Seeds for randomised tests. LAYERED_SEED replays a failure; otherwise each test gets a
/// fresh seed, printed so a failure can be replayed.
/// </summary>
public static class Seeds
{
    public static int Next(string test)
    {
        var fixedSeed = Environment.GetEnvironmentVariable("LAYERED_SEED");
        var seed = int.TryParse(fixedSeed, out var s) ? s : Random.Shared.Next();
        Console.WriteLine($"[seed] {test}: LAYERED_SEED={seed}");
        return seed;
    }
}
