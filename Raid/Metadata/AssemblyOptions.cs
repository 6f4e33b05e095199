namespace Layered.Raid.Metadata;

public sealed record AssemblyOptions
{
    /// <summary>Start a dirty and degraded array anyway (the CLI's --force). It never admits a stale or mismatched member.</summary>
    public bool Force { get; init; }

    /// <summary>Assemble this array only; devices of any other array are refused. Null picks the array most candidates belong to.</summary>
    public Guid? ArrayId { get; init; }
}
