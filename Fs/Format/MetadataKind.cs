namespace Layered.Fs.Format;

/// <summary>What a metadata block holds. The numbers are on disk: never renumber.</summary>
public enum MetadataKind : ushort
{
    Superblock = 1,
    JournalHeader = 2,
    JournalDescriptor = 3,
    JournalCommit = 4,
    FsRoot = 5,
    InodeTreeNode = 10,
    ExtentTreeNode = 11,
    DirectoryTreeNode = 12,
    XattrTreeNode = 13,
    FreeSpaceBitmap = 14,
}
