using Layered.Fs.Directories;
using Layered.Fs.Format;
using Layered.Fs.Posix;

namespace Layered.Fs.Check;

// The directory and xattr trees, both keyed (owner ino, name slot), and the shape of the
// directory hierarchy they describe.
internal sealed partial class FsScan
{
    private async Task ReadDirectoriesAsync(IReadOnlyList<BlockAddress> nodes)
    {
        Progress("checking directory entries");
        long seen = 0;
        await TreeItems.ForEachAsync(_source.Cache, MetadataKind.DirectoryTreeNode, nodes, (key, value) =>
        {
            if (++seen % ProgressEvery == 0) Progress($"checking directory entries: {seen}");
            var (directory, slot) = (key.Hi, key.Lo);
            var remove = new RepairAction(RepairKind.RemoveEntry, directory, slot);
            if (NameValue.TryDecode(value) is not { } item || item.Payload.Length != DirectoryTarget.Bytes)
            {
                Problem(ProblemKind.EntryCorrupt, $"directory {directory}'s entry in slot {slot:x} is malformed", remove);
                return;
            }
            var name = $"'{item.Text}' in directory {directory}";
            if (!_inodes.TryGetValue(directory, out var owner) || !owner.IsDirectory)
            {
                Problem(ProblemKind.EntryOwner, $"entry {name}: inode {directory} {(owner is null ? "does not exist" : $"is a {owner.Kind}")}", remove);
                return;
            }
            if (!item.FitsSlot(slot)) Problem(ProblemKind.NameHash, $"entry {name} sits in slot {slot:x}, which is not its hash: lookups cannot find it");
            var target = DirectoryTarget.Decode(item.Payload);
            if (!_inodes.TryGetValue(target.Ino, out var facts))
            {
                Problem(ProblemKind.EntryTargetMissing, $"entry {name} names inode {target.Ino}, which does not exist", remove);
                return;
            }
            if (target.Kind != facts.Kind)
                Problem(ProblemKind.EntryKind, $"entry {name} says inode {target.Ino} is a {target.Kind}, but it is a {facts.Kind}",
                    new RepairAction(RepairKind.RewriteEntry, directory, slot) { Payload = item.WithKind((uint)facts.Kind) });
            facts.Names++;
            if (!facts.IsDirectory) return;
            if (facts.Names == 1) facts.Container = directory;
            owner.Subdirectories++;
            if (!_childDirectories.TryGetValue(directory, out var children)) _childDirectories[directory] = children = [];
            children.Add(target.Ino);
        }, _ct).ConfigureAwait(false);
    }

    private async Task ReadXattrsAsync(IReadOnlyList<BlockAddress> nodes)
    {
        Progress("checking xattrs");
        await TreeItems.ForEachAsync(_source.Cache, MetadataKind.XattrTreeNode, nodes, (key, value) =>
        {
            var remove = new RepairAction(RepairKind.RemoveXattr, key.Hi, key.Lo);
            if (NameValue.TryDecode(value) is not { } item)
                Problem(ProblemKind.XattrCorrupt, $"inode {key.Hi}'s xattr in slot {key.Lo:x} is malformed", remove);
            else if (!_inodes.ContainsKey(key.Hi))
                Problem(ProblemKind.XattrOrphaned, $"xattr '{item.Text}' belongs to inode {key.Hi}, which does not exist", remove);
            else if (!item.FitsSlot(key.Lo))
                Problem(ProblemKind.NameHash, $"xattr '{item.Text}' of inode {key.Hi} sits in slot {key.Lo:x}, which is not its hash");
        }, _ct).ConfigureAwait(false);
    }

    /// <summary>Every directory hangs from the root by exactly one name, its parent pointer agrees, and there is no cycle.</summary>
    private void CheckDirectoryTree()
    {
        Progress("checking the directory hierarchy");
        var reached = new HashSet<ulong>();
        if (_inodes.TryGetValue(FileSystem.RootIno, out var root) && root.IsDirectory)
        {
            var queue = new Queue<ulong>([FileSystem.RootIno]);
            reached.Add(FileSystem.RootIno);
            while (queue.TryDequeue(out var directory))
                foreach (var child in _childDirectories.GetValueOrDefault(directory) ?? [])
                    if (reached.Add(child)) queue.Enqueue(child);
        }
        foreach (var (ino, facts) in _inodes)
        {
            if (!facts.IsDirectory) continue;
            var parent = ino == FileSystem.RootIno ? FileSystem.RootIno : facts.Container;
            if (facts.Names > 1 || (ino == FileSystem.RootIno && facts.Names > 0))
                Problem(ProblemKind.DirectoryNames, $"directory {ino} has {facts.Names} names; a directory has {(ino == FileSystem.RootIno ? "none" : "one")}");
            if ((facts.Names > 0 || ino == FileSystem.RootIno) && facts.Parent != parent)
                Problem(ProblemKind.DirectoryParent, $"directory {ino} records parent {facts.Parent}, but directory {parent} holds it",
                    new RepairAction(RepairKind.SetParent, ino, Value: (long)parent));
            if (facts.Names > 0 && !reached.Contains(ino))
                Problem(ProblemKind.DirectoryDisconnected, $"directory {ino} is named in directory {facts.Container}, but no path from the root reaches it (a cycle)");
        }
    }
}
