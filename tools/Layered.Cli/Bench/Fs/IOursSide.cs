using System.Text.Json.Nodes;

namespace Layered.Cli.Bench.Fs;

/// <summary>
/// Our side of a filesystem benchmark: how our filesystem is set up and reached (in process, or
/// through a FUSE mount), run against the same <see cref="FsWorkload"/> as kernel XFS.
/// </summary>
internal interface IOursSide
{
    /// <summary>How both sides are set up and measured, for the report.</summary>
    string Method { get; }

    Task<JsonObject> RunAsync(FsWorkload workload, CancellationToken ct);
}
