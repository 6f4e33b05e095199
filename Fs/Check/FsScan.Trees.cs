using Layered.Fs.Allocation;
using Layered.Fs.Format;
using Layered.Fs.Trees;

namespace Layered.Fs.Check;

// The structures every filesystem has at fixed places, and the four trees' shapes.
internal sealed partial class FsScan
{
    private sealed record TreeNodes(IReadOnlyList<BlockAddress> Inodes, IReadOnlyList<BlockAddress> Extents,
        IReadOnlyList<BlockAddress> Directories, IReadOnlyList<BlockAddress> Xattrs);

    /// <summary>Superblocks, the root block, the journal and the bitmaps: laid out by mkfs, never allocated.</summary>
    private void AddFixedMetadata()
    {
        var superblock = _source.Superblock;
        for (var v = 0; v < _source.Volumes.Count; v++)
        {
            _usage.Add(v, 0, 1, MetadataOwner.Superblock);
            var entry = superblock.Volumes[v];
            if (entry.BitmapStart.Volume != v)
                Problem(ProblemKind.BitmapCorrupt, $"the superblock places volume {v}'s bitmap at {entry.BitmapStart}, on another volume");
            else
                AddRange(v, entry.BitmapStart.Block, VolumeSpace.BitmapBlocks(entry.Blocks, _source.BlockSize), MetadataOwner.Bitmap);
        }
        AddRange(FsRoot.Address.Volume, FsRoot.Address.Block, 1, MetadataOwner.RootBlock);
        if (superblock.JournalBlocks > 0) AddRange(superblock.JournalStart.Volume, superblock.JournalStart.Block, superblock.JournalBlocks, MetadataOwner.Journal);
    }

    private async Task<TreeNodes> CheckTreesAsync()
    {
        var inodes = await CheckTreeAsync("inode", _source.InodeTree, MetadataOwner.InodeTree).ConfigureAwait(false);
        var extents = await CheckTreeAsync("extent", _source.ExtentTree, MetadataOwner.ExtentTree).ConfigureAwait(false);
        var directories = await CheckTreeAsync("directory", _source.DirectoryTree, MetadataOwner.DirectoryTree).ConfigureAwait(false);
        var xattrs = await CheckTreeAsync("xattr", _source.XattrTree, MetadataOwner.XattrTree).ConfigureAwait(false);
        return new TreeNodes(inodes, extents, directories, xattrs);
    }

    private async Task<IReadOnlyList<BlockAddress>> CheckTreeAsync(string name, BTree tree, long owner)
    {
        Progress($"checking the {name} tree");
        TreeCheck check;
        try
        {
            check = await tree.CheckAsync(_ct).ConfigureAwait(false);
        }
        catch (FsException e)
        {
            Problem(ProblemKind.TreeCorrupt, $"the {name} tree cannot be walked: {e.Message}");
            return [];
        }
        foreach (var problem in check.Problems) Problem(ProblemKind.TreeCorrupt, $"{name} tree: {problem}");
        foreach (var node in check.Blocks)
            if (InVolume(node.Volume, node.Block, 1)) _usage.Add(node.Volume, node.Block, 1, owner);
        Progress($"the {name} tree: {check.Blocks.Count} nodes, {check.Items} items, depth {check.Depth}");
        return check.Blocks;
    }

    private void AddRange(int volume, long start, long count, long owner)
    {
        if (InVolume(volume, start, count)) _usage.Add(volume, start, count, owner);
        else Problem(ProblemKind.ExtentOutOfRange, $"{MetadataOwner.Describe(owner)} at {volume}:{start} (+{count}) lies outside the volumes");
    }

    private bool InVolume(int volume, long start, long count) =>
        volume >= 0 && volume < _source.Volumes.Count && start >= 0 && count > 0 && count <= _source.Superblock.Volumes[volume].Blocks - start;
}
