using Layered.Fs.Posix;

namespace Layered.Cli.Copy;

/// <summary>One file, directory or symlink on either side of a copy. <see cref="Ino"/> is 0 on the host.</summary>
internal readonly record struct TreeNode(string Path, FileKind Kind, uint Mode, long Size, long ModifyNs, ulong Ino = 0)
{
    public uint Permissions => Mode & UnixMode.PermissionBits;
}
