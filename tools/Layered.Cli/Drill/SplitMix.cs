namespace Layered.Cli.Drill;

/// <summary>
/// A small seeded generator (SplitMix64). The drill's schedule and load come from it rather
/// than System.Random, so a seed replays the same schedule on every runtime version.
/// </summary>
internal sealed class SplitMix(ulong seed)
{
    private ulong _state = seed;

    public ulong Next()
    {
        var z = _state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>A value uniform in [0, 1).</summary>
    public double Unit() => (Next() >> 11) * (1.0 / (1UL << 53));

    /// <summary>A value uniform in [0, bound).</summary>
    public int Below(int bound) => bound <= 1 ? 0 : (int)(Next() % (ulong)bound);

    public bool Chance(double rate) => Unit() < rate;

    /// <summary>A generator for one named purpose, independent of how many draws this one has made.</summary>
    public static SplitMix For(ulong seed, ulong purpose) => new(new SplitMix(seed ^ (purpose * 0xD1B54A32D192ED03UL)).Next());
}
