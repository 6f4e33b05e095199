namespace Layered.Fs.Check;

/// <summary>The kinds of problem fsck reports. The strings are stable: scripts and tests match on them.</summary>
public static class ProblemKind
{
    // Core structures.
    public const string RootBlockCorrupt = "root-block-corrupt";
    public const string JournalCorrupt = "journal-corrupt";
    public const string TreeCorrupt = "tree-corrupt";
    public const string BitmapCorrupt = "bitmap-corrupt";

    // Space.
    public const string AllocationMissing = "allocation-missing";
    public const string LeakedBlock = "leaked-block";
    public const string CrossLinked = "cross-linked";

    // Extents.
    public const string ExtentCorrupt = "extent-corrupt";
    public const string ExtentOutOfRange = "extent-out-of-range";
    public const string ExtentOverlap = "extent-overlap";
    public const string ExtentOrphaned = "extent-orphaned";
    public const string BlockCount = "block-count";

    // Inodes.
    public const string InodeCorrupt = "inode-corrupt";
    public const string InodeItemUnknown = "inode-item-unknown";
    public const string InodeModeUnknown = "inode-mode-unknown";
    public const string InodeNumber = "inode-number";
    public const string InodeCount = "inode-count";
    public const string LinkCount = "link-count";
    public const string Unreachable = "unreachable";
    public const string OrphanUnlisted = "orphan-unlisted";
    public const string OrphanMissing = "orphan-missing";
    public const string OrphanLinked = "orphan-linked";
    public const string RootMissing = "root-missing";
    public const string SymlinkTarget = "symlink-target";

    // Names.
    public const string EntryCorrupt = "entry-corrupt";
    public const string EntryOwner = "entry-owner";
    public const string EntryTargetMissing = "entry-target-missing";
    public const string EntryKind = "entry-kind";
    public const string NameHash = "name-hash";
    public const string DirectoryNames = "directory-names";
    public const string DirectoryParent = "directory-parent";
    public const string DirectoryDisconnected = "directory-disconnected";
    public const string XattrCorrupt = "xattr-corrupt";
    public const string XattrOrphaned = "xattr-orphaned";
}
