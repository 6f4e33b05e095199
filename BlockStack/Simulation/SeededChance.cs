namespace Layered.BlockStack.Simulation;

/// <summary>
/// Stateless seeded randomness: every draw is a hash of the seed and the draw's coordinates,
/// so a decision depends on what is decided, not on how many draws happened before it.
/// </summary>
internal readonly struct SeededChance(ulong seed)
{
    public ulong Seed { get; } = seed;

    public ulong Next(ulong a, ulong b = 0, ulong c = 0) => Mix(Mix(Mix(Seed ^ 0x9E3779B97F4A7C15UL, a), b), c);

    /// <summary>A value uniform in [0, 1).</summary>
    public double Unit(ulong a, ulong b = 0, ulong c = 0) => (Next(a, b, c) >> 11) * (1.0 / (1UL << 53));

    public bool Hit(double rate, ulong a, ulong b = 0, ulong c = 0) => rate >= 1.0 || Unit(a, b, c) < rate;

    public long Below(long bound, ulong a, ulong b = 0, ulong c = 0) => bound <= 1 ? 0 : (long)(Next(a, b, c) % (ulong)bound);

    // SplitMix64's finaliser over a running state: good avalanche, no allocation.
    private static ulong Mix(ulong state, ulong value)
    {
        var z = state + value * 0xBF58476D1CE4E5B9UL + 0x94D049BB133111EBUL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
