namespace Layered.Cli.Drill.Load;

internal enum BlockState
{
    /// <summary>All zeros: never written (generation 0).</summary>
    Zero,

    /// <summary>A well-formed block of this run.</summary>
    Written,

    /// <summary>The checksum or the magic is wrong: garbage, or a sector torn inside.</summary>
    Corrupt,

    /// <summary>A well-formed block from another run.</summary>
    Foreign,
}
