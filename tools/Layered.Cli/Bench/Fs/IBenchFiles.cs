namespace Layered.Cli.Bench.Fs;

/// <summary>
/// The operations the filesystem benchmark times, on one filesystem: numbered files in one
/// directory, and one large data file. Ours and kernel XFS each implement it once.
/// </summary>
internal interface IBenchFiles
{
    Task CreateAsync(int index, CancellationToken ct);

    /// <summary>Resolves a name and reads its attributes, as stat(2) does.</summary>
    Task StatAsync(int index, CancellationToken ct);

    /// <summary>Resolves a name only; true when it exists.</summary>
    Task<bool> LookupAsync(int index, CancellationToken ct);

    Task UnlinkAsync(int index, CancellationToken ct);

    Task<IBenchDataFile> CreateDataFileAsync(CancellationToken ct);
}
