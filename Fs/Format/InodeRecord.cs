using System.Buffers.Binary;

namespace Layered.Fs.Format;

/// <summary>
/// One inode as the inode tree stores it under key (ino, 0). Times are Unix nanoseconds.
/// Layout: docs/format.md, "Inode record".
/// </summary>
public sealed class InodeRecord
{
    public const int Bytes = 96;
    public const int NoPlacement = -1;

    public uint Mode { get; set; }
    public uint Uid { get; set; }
    public uint Gid { get; set; }
    public uint Links { get; set; }
    public long Size { get; set; }
    public long Blocks { get; set; }
    public long AccessNs { get; set; }
    public long ModifyNs { get; set; }
    public long ChangeNs { get; set; }
    public long BirthNs { get; set; }
    public ulong Rdev { get; set; }
    public ulong Generation { get; set; }
    public ulong Parent { get; set; }

    /// <summary>The volume new data of this file (or, for a directory, of new files in it) goes to; -1 spreads.</summary>
    public int Placement { get; set; } = NoPlacement;

    public byte[] Encode()
    {
        var data = new byte[Bytes];
        var span = data.AsSpan();
        BinaryPrimitives.WriteUInt32LittleEndian(span, Mode);
        BinaryPrimitives.WriteUInt32LittleEndian(span[4..], Uid);
        BinaryPrimitives.WriteUInt32LittleEndian(span[8..], Gid);
        BinaryPrimitives.WriteUInt32LittleEndian(span[12..], Links);
        BinaryPrimitives.WriteInt64LittleEndian(span[16..], Size);
        BinaryPrimitives.WriteInt64LittleEndian(span[24..], Blocks);
        BinaryPrimitives.WriteInt64LittleEndian(span[32..], AccessNs);
        BinaryPrimitives.WriteInt64LittleEndian(span[40..], ModifyNs);
        BinaryPrimitives.WriteInt64LittleEndian(span[48..], ChangeNs);
        BinaryPrimitives.WriteInt64LittleEndian(span[56..], BirthNs);
        BinaryPrimitives.WriteUInt64LittleEndian(span[64..], Rdev);
        BinaryPrimitives.WriteUInt64LittleEndian(span[72..], Generation);
        BinaryPrimitives.WriteUInt64LittleEndian(span[80..], Parent);
        BinaryPrimitives.WriteInt32LittleEndian(span[88..], Placement);
        return data;
    }

    /// <summary>Null when the bytes cannot be an inode record (wrong length).</summary>
    public static InodeRecord? Decode(ReadOnlySpan<byte> span)
    {
        if (span.Length != Bytes) return null;
        return new InodeRecord
        {
            Mode = BinaryPrimitives.ReadUInt32LittleEndian(span),
            Uid = BinaryPrimitives.ReadUInt32LittleEndian(span[4..]),
            Gid = BinaryPrimitives.ReadUInt32LittleEndian(span[8..]),
            Links = BinaryPrimitives.ReadUInt32LittleEndian(span[12..]),
            Size = BinaryPrimitives.ReadInt64LittleEndian(span[16..]),
            Blocks = BinaryPrimitives.ReadInt64LittleEndian(span[24..]),
            AccessNs = BinaryPrimitives.ReadInt64LittleEndian(span[32..]),
            ModifyNs = BinaryPrimitives.ReadInt64LittleEndian(span[40..]),
            ChangeNs = BinaryPrimitives.ReadInt64LittleEndian(span[48..]),
            BirthNs = BinaryPrimitives.ReadInt64LittleEndian(span[56..]),
            Rdev = BinaryPrimitives.ReadUInt64LittleEndian(span[64..]),
            Generation = BinaryPrimitives.ReadUInt64LittleEndian(span[72..]),
            Parent = BinaryPrimitives.ReadUInt64LittleEndian(span[80..]),
            Placement = BinaryPrimitives.ReadInt32LittleEndian(span[88..]),
        };
    }
}
