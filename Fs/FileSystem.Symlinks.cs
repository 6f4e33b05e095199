using System.Text;
using Layered.BlockStack.Uring;
using Layered.Fs.Format;
using Layered.Fs.Posix;

namespace Layered.Fs;

public sealed partial class FileSystem
{
    /// <summary>PATH_MAX less the terminating zero.</summary>
    public const int SymlinkMax = 4095;

    /// <summary>A target that fits a tree item lives in the inode tree; a longer one in one data block, written before the commit that exposes it.</summary>
    private async ValueTask WriteSymlinkTargetAsync(ulong ino, InodeRecord record, byte[] target, CancellationToken ct)
    {
        record.Size = target.Length;
        if (target.Length <= Inodes.Tree.MaxValueBytes)
        {
            await Inodes.PutTargetAsync(ino, target, ct).ConfigureAwait(false);
            return;
        }
        await AllocateHolesAsync(ino, record, 0, BlocksCovering(0, target.Length), ct).ConfigureAwait(false);
        var segments = await Extents.MapAsync(ino, 0, BlocksCovering(0, target.Length), ct).ConfigureAwait(false);
        await WriteSegmentsAsync(segments, 0, target, ct).ConfigureAwait(false);
        await Extents.SetUnwrittenAsync(ino, 0, BlocksCovering(0, target.Length), unwritten: false, ct).ConfigureAwait(false);
    }

    public Task<string> ReadLinkAsync(ulong ino, CancellationToken ct = default) =>
        RunAsync(mutates: false, async ct =>
        {
            var record = await Inodes.GetAsync(ino, ct).ConfigureAwait(false);
            if (UnixMode.KindOf(record.Mode) != FileKind.Symlink) throw new FsException(Errno.EINVAL, $"inode {ino} is not a symlink");
            if (await Inodes.GetTargetAsync(ino, ct).ConfigureAwait(false) is { } inline) return Encoding.UTF8.GetString(inline);
            var target = new byte[record.Size];
            await ReadSegmentsAsync(await Extents.MapAsync(ino, 0, BlocksCovering(0, record.Size), ct).ConfigureAwait(false), 0, target, ct).ConfigureAwait(false);
            return Encoding.UTF8.GetString(target);
        }, ct);
}
