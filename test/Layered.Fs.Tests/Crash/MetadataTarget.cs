namespace Layered.Fs.Tests.Crash;

/// <summary>Which metadata structure a corruption trial flips bits in.</summary>
public enum MetadataTarget
{
    Superblock,
    RootBlock,
    InodeTree,
    ExtentTree,
    DirectoryTree,
    XattrTree,
    Bitmap,
    JournalAfterCleanUnmount,
    JournalWithUnreplayedCommits,
}
