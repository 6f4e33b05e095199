using Layered.Fs.Format;
using Layered.Fs.Posix;

namespace Layered.Fs.Check;

// The extent tree: (ino, first file block) → extent. Only sound extents of files that may have
// data count as references; the rest are removed by repair, and their blocks then show as leaked.
internal sealed partial class FsScan
{
    private async Task ReadExtentsAsync(IReadOnlyList<BlockAddress> nodes)
    {
        Progress("checking extents");
        var maxFileBlock = FileSystem.MaxFileBytes / _source.BlockSize;
        ulong previousIno = 0;
        long previousEnd = 0, seen = 0;
        await TreeItems.ForEachAsync(_source.Cache, MetadataKind.ExtentTreeNode, nodes, (key, value) =>
        {
            if (++seen % ProgressEvery == 0) Progress($"checking extents: {seen}");
            var ino = key.Hi;
            var fileBlock = (long)key.Lo;
            var remove = new RepairAction(RepairKind.RemoveExtent, ino, key.Lo);
            if (ExtentRecord.Decode(value) is not { } extent)
            {
                Problem(ProblemKind.ExtentCorrupt, $"the extent of inode {ino} at file block {key.Lo} does not decode ({value.Length} bytes)", remove);
                return;
            }
            if (!_inodes.TryGetValue(ino, out var owner) || owner.Kind is not (FileKind.Regular or FileKind.Symlink))
            {
                var what = owner is null ? "which does not exist" : $"which is a {owner.Kind} and holds no data";
                Problem(ProblemKind.ExtentOrphaned, $"an extent ({extent.Count} blocks at {extent.Start}) belongs to inode {ino}, {what}", remove);
                return;
            }
            if (fileBlock < 0 || fileBlock > maxFileBlock - extent.Count || !InVolume(extent.Start.Volume, extent.Start.Block, extent.Count))
            {
                Problem(ProblemKind.ExtentOutOfRange, $"inode {ino}'s extent at file block {key.Lo} ({extent.Count} blocks at {extent.Start}) lies outside the file or the volumes", remove);
                return;
            }
            // Keys arrive in tree order, so a file's extents come in file order and only the previous one can overlap.
            if (ino != previousIno) (previousIno, previousEnd) = (ino, 0);
            else if (fileBlock < previousEnd)
                Problem(ProblemKind.ExtentOverlap, $"inode {ino}'s extent at file block {fileBlock} overlaps the previous one, which ends at {previousEnd}");
            previousEnd = Math.Max(previousEnd, fileBlock + extent.Count);
            owner.ExtentBlocks += extent.Count;
            _usage.Add(extent.Start.Volume, extent.Start.Block, extent.Count, (long)ino);
        }, _ct).ConfigureAwait(false);
    }
}
