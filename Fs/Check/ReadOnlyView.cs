using Layered.BlockStack;
using Layered.Fs.Cache;
using Layered.Fs.Format;
using Layered.Fs.Journal;
using Layered.Fs.Volumes;

namespace Layered.Fs.Check;

/// <summary>
/// Opens a filesystem for checking without writing to it: the journal is replayed into
/// copy-on-write overlays, and no orphan is freed. Unlike mount it goes on when a core block is
/// damaged, reporting it, so a check still says as much as it can.
/// </summary>
internal static class ReadOnlyView
{
    private const int CacheBlocks = 16384;

    /// <summary>The source to scan, or null when the root block is unusable; <paramref name="findings"/> gets what went wrong on the way.</summary>
    public static async Task<CheckSource?> OpenAsync(VolumeSet set, List<Finding> findings, IProgress<string>? progress, CancellationToken ct)
    {
        var superblock = set.Superblock;
        var volumes = set.Volumes.Select(v => (IBlockDevice)new OverlayDevice(v)).ToArray();
        progress?.Report("replaying the journal (in memory only)");
        try
        {
            var geometry = JournalGeometry.Of(superblock);
            var journal = await MetadataJournal.OpenAsync(volumes, geometry, logger: null, ct).ConfigureAwait(false);
            var replay = await journal.ReplayAsync(ct).ConfigureAwait(false);
            if (replay.Transactions > 0) progress?.Report($"journal: {replay.Transactions} committed transactions replayed");
        }
        catch (FsException e)
        {
            // What the volumes hold without the journal is still worth checking, but it may be stale.
            findings.Add(new Finding(new FsckProblem(ProblemKind.JournalCorrupt, $"the journal cannot be replayed ({e.Message}); the volumes are checked as they are", false), null));
        }
        var cache = new MetadataCache(volumes, superblock.FsId, superblock.BlockSize, CacheBlocks, logger: null);
        FsRoot root;
        try
        {
            var block = await cache.ReadAsync(FsRoot.Address, MetadataKind.FsRoot, ct).ConfigureAwait(false);
            root = FsRoot.Read(block.Body);
        }
        catch (FsException e)
        {
            findings.Add(new Finding(new FsckProblem(ProblemKind.RootBlockCorrupt, $"the root block {FsRoot.Address} is unusable: {e.Message}", false), null));
            return null;
        }
        return CheckSource.ReadOnly(superblock, volumes, cache, root);
    }
}
