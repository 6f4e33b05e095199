namespace Layered.Fs.Volumes;

/// <summary>Mount could not gather a filesystem's volumes; the message says which and why.</summary>
public sealed class VolumeSetException(string problem, IReadOnlyList<string>? refused = null)
    : InvalidOperationException(refused is { Count: > 0 } ? $"{problem}{Environment.NewLine}  {string.Join(Environment.NewLine + "  ", refused)}" : problem)
{
    public IReadOnlyList<string> Refused { get; } = refused ?? [];
}
