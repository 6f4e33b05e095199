using System.Buffers.Binary;

namespace Layered.Fs.Format;

/// <summary>
/// The root block (volume 0, block 1): where each global tree begins and the inode counter. It
/// changes through the journal like any metadata block (docs/format.md, "Filesystem root block").
/// </summary>
public sealed class FsRoot
{
    public static readonly BlockAddress Address = new(0, 1);

    public BlockAddress InodeTree { get; set; }
    public BlockAddress ExtentTree { get; set; }
    public BlockAddress DirectoryTree { get; set; }
    public BlockAddress XattrTree { get; set; }
    public ulong NextInode { get; set; }
    public long Inodes { get; set; }

    public void CopyFrom(FsRoot other)
    {
        InodeTree = other.InodeTree;
        ExtentTree = other.ExtentTree;
        DirectoryTree = other.DirectoryTree;
        XattrTree = other.XattrTree;
        NextInode = other.NextInode;
        Inodes = other.Inodes;
    }

    public void Write(Span<byte> body)
    {
        BinaryPrimitives.WriteUInt64LittleEndian(body, InodeTree.Pack());
        BinaryPrimitives.WriteUInt64LittleEndian(body[8..], ExtentTree.Pack());
        BinaryPrimitives.WriteUInt64LittleEndian(body[16..], DirectoryTree.Pack());
        BinaryPrimitives.WriteUInt64LittleEndian(body[24..], XattrTree.Pack());
        BinaryPrimitives.WriteUInt64LittleEndian(body[32..], NextInode);
        BinaryPrimitives.WriteInt64LittleEndian(body[40..], Inodes);
    }

    public static FsRoot Read(ReadOnlySpan<byte> body) => new()
    {
        InodeTree = BlockAddress.Unpack(BinaryPrimitives.ReadUInt64LittleEndian(body)),
        ExtentTree = BlockAddress.Unpack(BinaryPrimitives.ReadUInt64LittleEndian(body[8..])),
        DirectoryTree = BlockAddress.Unpack(BinaryPrimitives.ReadUInt64LittleEndian(body[16..])),
        XattrTree = BlockAddress.Unpack(BinaryPrimitives.ReadUInt64LittleEndian(body[24..])),
        NextInode = BinaryPrimitives.ReadUInt64LittleEndian(body[32..]),
        Inodes = BinaryPrimitives.ReadInt64LittleEndian(body[40..]),
    };
}
