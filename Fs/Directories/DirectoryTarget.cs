using System.Buffers.Binary;
using Layered.Fs.Posix;

namespace Layered.Fs.Directories;

/// <summary>A directory entry's payload: the inode it names and that inode's type (for d_type without a lookup).</summary>
public readonly record struct DirectoryTarget(ulong Ino, FileKind Kind)
{
    public const int Bytes = 12;

    public byte[] Encode()
    {
        var data = new byte[Bytes];
        BinaryPrimitives.WriteUInt64LittleEndian(data, Ino);
        BinaryPrimitives.WriteUInt32LittleEndian(data.AsSpan(8), (uint)Kind);
        return data;
    }

    public static DirectoryTarget Decode(ReadOnlySpan<byte> data) =>
        data.Length == Bytes
            ? new DirectoryTarget(BinaryPrimitives.ReadUInt64LittleEndian(data), (FileKind)BinaryPrimitives.ReadUInt32LittleEndian(data[8..]))
            : throw new FsCorruptionException($"a directory entry's payload is {data.Length} bytes, not {Bytes}");
}
