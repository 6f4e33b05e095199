using Layered.BlockStack;
using Layered.Fs.Allocation;
using Layered.Fs.Cache;
using Layered.Fs.Directories;
using Layered.Fs.Extents;
using Layered.Fs.Format;
using Layered.Fs.Inodes;
using Layered.Fs.Journal;
using Layered.Fs.Trees;
using Layered.Fs.Volumes;
using Layered.Leases;
using Microsoft.Extensions.Logging;

namespace Layered.Fs;

/// <summary>
/// A mounted Layered filesystem over its volumes. Operations are named by inode number, the way
/// a FUSE host asks for them; every failure is an <see cref="FsException"/> carrying the errno a
/// Linux filesystem would give. Metadata changes run one at a time under the metadata lock and
/// join the running transaction; data I/O on a file holds that file's lock, not the metadata
/// lock, so files are read and written in parallel.
/// </summary>
public sealed partial class FileSystem : IAsyncDisposable
{
    public const ulong RootIno = 1;
    public const int NameMax = 255;

    private readonly SemaphoreSlim _meta = new(1, 1);
    private readonly MetadataCache _cache;
    private readonly FsRoot _root;
    private readonly MetadataBlock _rootBlock;
    private readonly VolumeSpace[] _spaces;
    private readonly FsMountOptions _options;
    private readonly ILogger? _logger;
    private bool _disposed;

    private FileSystem(VolumeSet set, MetadataCache cache, MetadataBlock rootBlock, VolumeSpace[] spaces, FsMountOptions options, ILogger? logger)
    {
        Superblock = set.Superblock;
        Volumes = set.Volumes;
        _cache = cache;
        _rootBlock = rootBlock;
        _root = FsRoot.Read(rootBlock.Body);
        _spaces = spaces;
        _options = options;
        _logger = logger;
        Inodes = new InodeStore(new BTree(cache, MetadataKind.InodeTreeNode, () => _root.InodeTree, a => SetRoot(() => _root.InodeTree = a)));
        Extents = new ExtentMap(new BTree(cache, MetadataKind.ExtentTreeNode, () => _root.ExtentTree, a => SetRoot(() => _root.ExtentTree = a)));
        Directories = new NameIndex(new BTree(cache, MetadataKind.DirectoryTreeNode, () => _root.DirectoryTree, a => SetRoot(() => _root.DirectoryTree = a)));
        Xattrs = new NameIndex(new BTree(cache, MetadataKind.XattrTreeNode, () => _root.XattrTree, a => SetRoot(() => _root.XattrTree = a)));
        Leases = new LeaseTable(options.Leases, logger);
        cache.Checkpointed = () => { foreach (var space in _spaces) space.ReleasePending(); };
        _commitThreshold = Math.Max(16, (cache.Journal?.MaxTransactionBlocks ?? 1024) / 4);
    }

    public FsSuperblock Superblock { get; }
    public IReadOnlyList<IBlockDevice> Volumes { get; }
    public int BlockSize => Superblock.BlockSize;
    public bool ReadOnly => _options.ReadOnly;

    internal InodeStore Inodes { get; }
    internal ExtentMap Extents { get; }
    internal NameIndex Directories { get; }
    internal NameIndex Xattrs { get; }
    internal IReadOnlyList<VolumeSpace> Spaces => _spaces;
    internal MetadataCache Cache => _cache;

    /// <summary>
    /// Finds the volumes among <paramref name="devices"/>, replays the journal, loads free space,
    /// and finishes freeing any orphans a crash left behind.
    /// </summary>
    public static async Task<FileSystem> MountAsync(IReadOnlyList<IBlockDevice> devices, FsMountOptions? options = null, ILogger? logger = null, CancellationToken ct = default)
    {
        options ??= new FsMountOptions();
        var set = await VolumeSet.FindAsync(devices).ConfigureAwait(false);
        // Read-only still replays the journal, or it would show a stale filesystem; the replay
        // lands in copy-on-write overlays so the devices are never written.
        if (options.ReadOnly) set = set.WithVolumes([.. set.Volumes.Select(v => (IBlockDevice)new OverlayDevice(v))]);
        var superblock = set.Superblock;
        var geometry = JournalGeometry.Of(superblock);
        var journal = await MetadataJournal.OpenAsync(set.Volumes, geometry, logger, ct).ConfigureAwait(false);
        var replay = await journal.ReplayAsync(ct).ConfigureAwait(false);
        if (replay.Transactions > 0)
            logger?.LogInformation("journal replay: {Transactions} transactions, {Blocks} blocks, up to transaction {Last}", replay.Transactions, replay.Blocks, replay.LastTransaction);
        var cache = new MetadataCache(set.Volumes, superblock.FsId, superblock.BlockSize, options.CacheBlocks, logger)
        {
            Journal = journal,
            NextTransaction = Math.Max(journal.LastTransaction, superblock.Transaction) + 1,
        };
        var rootBlock = await cache.ReadAsync(FsRoot.Address, MetadataKind.FsRoot, ct).ConfigureAwait(false);
        var spaces = new VolumeSpace[set.Volumes.Count];
        for (var i = 0; i < spaces.Length; i++)
        {
            var entry = superblock.Volumes[i];
            spaces[i] = await VolumeSpace.LoadAsync(cache, i, entry.BitmapStart.Block, entry.Blocks, ct).ConfigureAwait(false);
        }
        cache.MetadataVolume = spaces[0];
        cache.MetadataGoal = superblock.Volumes[0].BitmapStart.Block + VolumeSpace.BitmapBlocks(superblock.Volumes[0].Blocks, superblock.BlockSize);
        var fs = new FileSystem(set, cache, rootBlock, spaces, options, logger);
        if (!options.ReadOnly)
        {
            await fs.WriteSuperblocksAsync(clean: false).ConfigureAwait(false);
            await fs.ReapOrphansAsync(ct).ConfigureAwait(false);
            fs.StartCommitLoop();
        }
        return fs;
    }

    /// <summary>Unmounts: commits and checkpoints everything, and marks every volume clean.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_disposed) return;
        await StopCommitLoopAsync().ConfigureAwait(false);
        await _meta.WaitAsync().ConfigureAwait(false);
        try
        {
            if (_disposed) return;
            _disposed = true;
            if (!ReadOnly && _failure is null)
            {
                await _cache.CheckpointAsync(CancellationToken.None).ConfigureAwait(false);
                await WriteSuperblocksAsync(clean: true).ConfigureAwait(false);
            }
        }
        finally
        {
            _meta.Release();
            _bounce.Dispose();
        }
    }

    private void SetRoot(Action change)
    {
        _cache.Dirty(_rootBlock);
        change();
        _root.Write(_rootBlock.Body);
    }

    private void SaveRoot()
    {
        _cache.Dirty(_rootBlock);
        _root.Write(_rootBlock.Body);
    }
}
