using Layered.Fs.Format;
using Layered.Fs.Posix;

namespace Layered.Fs.Check;

/// <summary>
/// What the scan keeps per inode: the record fields the checks compare, and what the other trees
/// say about it. Kept small, since a scan holds one per inode.
/// </summary>
internal sealed class InodeFacts(InodeRecord record)
{
    public uint Mode { get; } = record.Mode;
    public uint Links { get; } = record.Links;
    public long Size { get; } = record.Size;
    public long Blocks { get; } = record.Blocks;
    public ulong Parent { get; } = record.Parent;

    public FileKind Kind => UnixMode.KindOf(Mode);
    public bool IsDirectory => Kind == FileKind.Directory;

    /// <summary>Directory entries naming this inode.</summary>
    public int Names { get; set; }

    /// <summary>For a directory: entries in it that name directories.</summary>
    public int Subdirectories { get; set; }

    /// <summary>For a directory: the directory holding its first name.</summary>
    public ulong Container { get; set; }

    /// <summary>Blocks of the sound extents that belong to it.</summary>
    public long ExtentBlocks { get; set; }

    /// <summary>Length of its inline symlink target, or -1 when it has none.</summary>
    public int TargetBytes { get; set; } = -1;
}
