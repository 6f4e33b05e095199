namespace Layered.Fs.Check;

/// <summary>
/// What fsck found and did. <see cref="Problems"/> are those the first check found;
/// <see cref="Clean"/> and the counts describe the filesystem as the last check saw it (after
/// repair, when repair ran). <see cref="Unrepaired"/> lists what that last check still found,
/// and any repair that failed.
/// </summary>
public sealed record FsckReport(
    bool Clean,
    IReadOnlyList<FsckProblem> Problems,
    long Inodes,
    long Directories,
    long Files,
    long UsedBlocks,
    long FreeBlocks,
    IReadOnlyList<string> Repaired,
    IReadOnlyList<string> Unrepaired);
