using Layered.Fs.Posix;

namespace Layered.Fs.Tests.Model;

/// <summary>One inode of the oracle: a directory, a regular file, a symlink or a special file.</summary>
internal sealed class OracleNode(FileKind kind, ulong ino)
{
    public FileKind Kind { get; } = kind;

    /// <summary>The inode number the filesystem gave it, the handle every operation names.</summary>
    public ulong Ino { get; } = ino;

    /// <summary>Names of a non-directory; a directory's count follows from its entries.</summary>
    public uint Names { get; set; } = 1;

    public SortedDictionary<string, OracleNode> Entries { get; } = new(StringComparer.Ordinal);

    public OracleNode? Parent { get; set; }

    public SparseBytes Data { get; } = new();

    public string Target { get; set; } = "";

    public SortedDictionary<string, byte[]> Xattrs { get; } = new(StringComparer.Ordinal);

    public int Opens { get; set; }

    public bool IsDirectory => Kind == FileKind.Directory;

    public uint Links => IsDirectory ? 2u + (uint)Entries.Values.Count(e => e.IsDirectory) : Names;

    public long Size => Kind switch
    {
        FileKind.Regular => Data.Size,
        FileKind.Symlink => System.Text.Encoding.UTF8.GetByteCount(Target),
        _ => 0,
    };

    /// <summary>Whether <paramref name="other"/> is this directory or lies beneath it.</summary>
    public bool IsAncestorOrSelfOf(OracleNode other)
    {
        for (var at = other; at is not null; at = at.Parent)
            if (at == this) return true;
        return false;
    }
}
