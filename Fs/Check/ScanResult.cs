namespace Layered.Fs.Check;

/// <summary>What one pass over the filesystem found, and the counts the report carries.</summary>
internal sealed record ScanResult(IReadOnlyList<Finding> Findings, long Inodes, long Directories, long Files, long UsedBlocks, long FreeBlocks)
{
    public IReadOnlyList<FsckProblem> Problems => [.. Findings.Select(f => f.Problem)];

    public bool HasRepairs => Findings.Any(f => f.Fix is not null);
}
