namespace Layered.Fs.Check;

/// <summary>Who, other than a file, can own a block; negative so they never collide with inode numbers in <see cref="BlockRef.Owner"/>.</summary>
internal static class MetadataOwner
{
    public const long Superblock = -1;
    public const long RootBlock = -2;
    public const long Journal = -3;
    public const long Bitmap = -4;
    public const long InodeTree = -5;
    public const long ExtentTree = -6;
    public const long DirectoryTree = -7;
    public const long XattrTree = -8;

    public static string Describe(long owner) => owner switch
    {
        Superblock => "the superblock",
        RootBlock => "the root block",
        Journal => "the journal",
        Bitmap => "the free-space bitmap",
        InodeTree => "an inode tree node",
        ExtentTree => "an extent tree node",
        DirectoryTree => "a directory tree node",
        XattrTree => "an xattr tree node",
        _ => $"inode {owner}",
    };
}
