namespace Layered.Cli.Bench.Raid;

/// <summary>Where a <see cref="LaneLoad"/> lane goes next.</summary>
internal enum AccessPattern
{
    /// <summary>A random block of the target, from a seeded xorshift per lane.</summary>
    Random,

    /// <summary>The next block of the target: the lanes on one target share a cursor, so the target sees one stream.</summary>
    Sequential,
}
