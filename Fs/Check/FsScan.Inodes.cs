using Layered.Fs.Format;
using Layered.Fs.Posix;

namespace Layered.Fs.Check;

// The inode tree: records under (ino, 0), symlink targets under (ino, 1), orphans under (0, ino).
internal sealed partial class FsScan
{
    private const ulong RecordSlot = 0;
    private const ulong TargetSlot = 1;

    private async Task ReadInodesAsync(IReadOnlyList<BlockAddress> nodes)
    {
        Progress("reading inodes");
        var targets = new Dictionary<ulong, int>();
        await TreeItems.ForEachAsync(_source.Cache, MetadataKind.InodeTreeNode, nodes, (key, value) =>
        {
            if (key.Hi == 0) { _orphans.Add(key.Lo); return; }
            switch (key.Lo)
            {
                case RecordSlot:
                    if (InodeRecord.Decode(value) is { } record) _inodes[key.Hi] = new InodeFacts(record);
                    else Problem(ProblemKind.InodeCorrupt, $"inode {key.Hi}'s record is {value.Length} bytes, not {InodeRecord.Bytes}");
                    if (_inodes.Count % ProgressEvery == 0) Progress($"reading inodes: {_inodes.Count}");
                    break;
                case TargetSlot:
                    targets[key.Hi] = value.Length;
                    break;
                default:
                    Problem(ProblemKind.InodeItemUnknown, $"inode {key.Hi} has an item in slot {key.Lo}, which means nothing");
                    break;
            }
        }, _ct).ConfigureAwait(false);
        foreach (var (ino, length) in targets)
        {
            if (!_inodes.TryGetValue(ino, out var facts)) Problem(ProblemKind.InodeItemUnknown, $"a symlink target is stored for inode {ino}, which does not exist");
            else if (facts.Kind != FileKind.Symlink) Problem(ProblemKind.InodeItemUnknown, $"a symlink target is stored for inode {ino}, which is a {facts.Kind}");
            else facts.TargetBytes = length;
        }
    }

    /// <summary>Every inode against what the other trees say about it; runs once names and extents are counted.</summary>
    private void CheckInodes()
    {
        var root = _source.Root;
        var checkedCount = 0;
        var highest = 0UL;
        foreach (var (ino, facts) in _inodes)
        {
            if (++checkedCount % ProgressEvery == 0) Progress($"checking inodes {checkedCount}/{_inodes.Count}");
            highest = Math.Max(highest, ino);
            if (!UnixMode.IsKnownKind(facts.Mode)) Problem(ProblemKind.InodeModeUnknown, $"inode {ino} has mode {facts.Mode:o}, of no known file type");
            CheckLinks(ino, facts);
            if (facts.Blocks != facts.ExtentBlocks)
                Problem(ProblemKind.BlockCount, $"inode {ino} counts {facts.Blocks} blocks but its extents hold {facts.ExtentBlocks}",
                    new RepairAction(RepairKind.SetBlocks, ino, Value: facts.ExtentBlocks));
            if (facts.Kind == FileKind.Symlink) CheckSymlink(ino, facts);
            else if (facts.Size < 0) Problem(ProblemKind.InodeCorrupt, $"inode {ino} has a negative size, {facts.Size}");
        }
        if (!_inodes.ContainsKey(FileSystem.RootIno)) Problem(ProblemKind.RootMissing, $"the root directory, inode {FileSystem.RootIno}, does not exist");
        if (highest >= root.NextInode)
            Problem(ProblemKind.InodeNumber, $"inode {highest} exists, but the root block says the next inode number is {root.NextInode}",
                new RepairAction(RepairKind.SetNextInode, Value: (long)(highest + 1)));
        if (root.Inodes != _inodes.Count)
            Problem(ProblemKind.InodeCount, $"the root block counts {root.Inodes} inodes, but the inode tree holds {_inodes.Count}",
                new RepairAction(RepairKind.SetInodeCount, Value: _inodes.Count));
        foreach (var ino in _orphans)
            if (!_inodes.ContainsKey(ino))
                Problem(ProblemKind.OrphanMissing, $"the orphan list names inode {ino}, which does not exist", new RepairAction(RepairKind.RemoveOrphan, ino));
    }

    private void CheckLinks(ulong ino, InodeFacts facts)
    {
        if (ino == FileSystem.RootIno)
        {
            if (!facts.IsDirectory) Problem(ProblemKind.RootMissing, $"the root inode {ino} is a {facts.Kind}, not a directory");
            else if (facts.Links != 2 + facts.Subdirectories) LinkCount(ino, facts, 2 + facts.Subdirectories);
            return;
        }
        if (facts.Names == 0)
        {
            if (facts.Links > 0)
                Problem(ProblemKind.Unreachable, $"inode {ino} ({facts.Kind}) has {facts.Links} links but no directory names it",
                    new RepairAction(RepairKind.OrphanInode, ino));
            else if (!_orphans.Contains(ino))
                Problem(ProblemKind.OrphanUnlisted, $"inode {ino} has no links but is not on the orphan list, so nothing would free it",
                    new RepairAction(RepairKind.ListOrphan, ino));
            return;
        }
        var expected = facts.IsDirectory ? 2 + facts.Subdirectories : facts.Names;
        if (facts.Links != expected) LinkCount(ino, facts, expected);
        // Mount frees whatever the orphan list names before any repair could run, so this one
        // cannot be fixed through a mount: the names would be left pointing at nothing.
        if (_orphans.Contains(ino)) Problem(ProblemKind.OrphanLinked, $"inode {ino} is on the orphan list but {facts.Names} directory entries name it");
    }

    private void LinkCount(ulong ino, InodeFacts facts, long expected) =>
        Problem(ProblemKind.LinkCount, $"inode {ino} ({facts.Kind}) has link count {facts.Links}, but {expected} is right"
            + (facts.IsDirectory ? $" (2 + {facts.Subdirectories} subdirectories)" : $" ({facts.Names} names)"),
            new RepairAction(RepairKind.SetLinks, ino, Value: expected));

    private void CheckSymlink(ulong ino, InodeFacts facts)
    {
        if (facts.TargetBytes >= 0)
        {
            if (facts.TargetBytes != facts.Size)
                Problem(ProblemKind.SymlinkTarget, $"symlink {ino} has size {facts.Size} but its target is {facts.TargetBytes} bytes",
                    new RepairAction(RepairKind.SetSize, ino, Value: facts.TargetBytes));
            if (facts.ExtentBlocks > 0) Problem(ProblemKind.SymlinkTarget, $"symlink {ino} has both an inline target and {facts.ExtentBlocks} data blocks");
            return;
        }
        if (facts.Size <= 0 || facts.ExtentBlocks * _source.BlockSize < facts.Size)
            Problem(ProblemKind.SymlinkTarget, $"symlink {ino} has size {facts.Size} but no inline target and {facts.ExtentBlocks} data blocks to hold it");
    }
}
