namespace Layered.Fs.Check;

/// <summary>
/// One pass over a filesystem's metadata that checks every invariant and proposes a repair for
/// each problem that has a safe one. It reads and never writes. The order matters: inodes are
/// read first, so the extents, names and xattrs that refer to them can be judged as they are
/// read; the bitmap is compared last, with every reference known.
/// </summary>
internal sealed partial class FsScan
{
    private const int ProgressEvery = 10_000;

    private readonly CheckSource _source;
    private readonly IProgress<string>? _progress;
    private readonly CancellationToken _ct;
    private readonly List<Finding> _findings = [];
    private readonly Dictionary<ulong, InodeFacts> _inodes = [];
    private readonly HashSet<ulong> _orphans = [];
    private readonly Dictionary<ulong, List<ulong>> _childDirectories = [];
    private readonly BlockUsage _usage;

    private FsScan(CheckSource source, IProgress<string>? progress, CancellationToken ct)
    {
        _source = source;
        _progress = progress;
        _ct = ct;
        _usage = new BlockUsage(source.Volumes.Count);
    }

    public static async Task<ScanResult> RunAsync(CheckSource source, IReadOnlyList<Finding> earlier, IProgress<string>? progress, CancellationToken ct)
    {
        var scan = new FsScan(source, progress, ct);
        scan._findings.AddRange(earlier);
        scan.AddFixedMetadata();
        var trees = await scan.CheckTreesAsync().ConfigureAwait(false);
        await scan.ReadInodesAsync(trees.Inodes).ConfigureAwait(false);
        await scan.ReadExtentsAsync(trees.Extents).ConfigureAwait(false);
        await scan.ReadDirectoriesAsync(trees.Directories).ConfigureAwait(false);
        await scan.ReadXattrsAsync(trees.Xattrs).ConfigureAwait(false);
        scan.CheckInodes();
        scan.CheckDirectoryTree();
        var (used, total) = await scan.CheckSpaceAsync().ConfigureAwait(false);
        scan.WithholdRepairsIfBlind();
        var directories = scan._inodes.Values.Count(i => i.IsDirectory);
        var files = scan._inodes.Values.Count(i => i.Kind == Posix.FileKind.Regular);
        return new ScanResult(scan._findings, scan._inodes.Count, directories, files, used, total - used);
    }

    /// <summary>
    /// With a tree or the journal damaged, part of the filesystem went unseen, and the problems
    /// that follow from it (entries naming inodes in an unreadable leaf, blocks of unseen extents
    /// looking leaked) are not what they seem. Repairing them would destroy what is intact, so
    /// none is proposed.
    /// </summary>
    private void WithholdRepairsIfBlind()
    {
        var blind = _findings.FirstOrDefault(f => f.Problem.Kind is ProblemKind.TreeCorrupt or ProblemKind.JournalCorrupt);
        if (blind is null || !_findings.Any(f => f.Fix is not null)) return;
        for (var i = 0; i < _findings.Count; i++)
            if (_findings[i].Fix is not null)
                _findings[i] = new Finding(_findings[i].Problem with { Repairable = false, Message = $"{_findings[i].Problem.Message} (not repaired: part of the metadata is unreadable)" }, null);
    }

    private void Problem(string kind, string message, RepairAction? fix = null) =>
        _findings.Add(new Finding(new FsckProblem(kind, message, fix is not null), fix));

    private void Progress(string message) => _progress?.Report(message);
}
