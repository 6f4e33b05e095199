namespace Layered.Cli.Bench;

/// <summary>
/// A lane's own xorshift64 stream of block numbers, seeded from the run's seed and the lane
/// number: lanes do not follow each other, and a run with the same seed repeats.
/// </summary>
internal struct LaneRandom(ulong seed, int lane)
{
    private ulong _state = seed ^ (ulong)(lane + 1) * 0x9E3779B97F4A7C15UL;

    /// <summary>The next block number in [0, <paramref name="blocks"/>).</summary>
    public long NextBlock(long blocks)
    {
        _state ^= _state << 13;
        _state ^= _state >> 7;
        _state ^= _state << 17;
        return (long)(_state % (ulong)blocks);
    }
}
