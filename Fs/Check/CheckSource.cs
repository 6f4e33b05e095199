using Layered.BlockStack;
using Layered.Fs.Cache;
using Layered.Fs.Format;
using Layered.Fs.Trees;

namespace Layered.Fs.Check;

/// <summary>
/// What a scan reads: the superblock, the metadata cache, the root block's contents and the four
/// trees. It comes from a mounted filesystem (repair) or from a read-only view (check).
/// </summary>
internal sealed class CheckSource
{
    public required FsSuperblock Superblock { get; init; }
    public required IReadOnlyList<IBlockDevice> Volumes { get; init; }
    public required MetadataCache Cache { get; init; }
    public required FsRoot Root { get; init; }
    public required BTree InodeTree { get; init; }
    public required BTree ExtentTree { get; init; }
    public required BTree DirectoryTree { get; init; }
    public required BTree XattrTree { get; init; }

    public int BlockSize => Superblock.BlockSize;

    public static CheckSource Of(FileSystem fs) => new()
    {
        Superblock = fs.Superblock,
        Volumes = fs.Volumes,
        Cache = fs.Cache,
        Root = fs.RootSnapshot(),
        InodeTree = fs.Inodes.Tree,
        ExtentTree = fs.Extents.Tree,
        DirectoryTree = fs.Directories.Tree,
        XattrTree = fs.Xattrs.Tree,
    };

    /// <summary>Trees over a root that nothing may change: a check never writes.</summary>
    public static CheckSource ReadOnly(FsSuperblock superblock, IReadOnlyList<IBlockDevice> volumes, MetadataCache cache, FsRoot root)
    {
        BTree Tree(MetadataKind kind, Func<BlockAddress> getRoot) =>
            new(cache, kind, getRoot, _ => throw new InvalidOperationException("a read-only check changed a tree root"));
        return new CheckSource
        {
            Superblock = superblock,
            Volumes = volumes,
            Cache = cache,
            Root = root,
            InodeTree = Tree(MetadataKind.InodeTreeNode, () => root.InodeTree),
            ExtentTree = Tree(MetadataKind.ExtentTreeNode, () => root.ExtentTree),
            DirectoryTree = Tree(MetadataKind.DirectoryTreeNode, () => root.DirectoryTree),
            XattrTree = Tree(MetadataKind.XattrTreeNode, () => root.XattrTree),
        };
    }
}
