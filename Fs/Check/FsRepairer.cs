using Layered.Fs.Format;
using Layered.Fs.Trees;

namespace Layered.Fs.Check;

/// <summary>
/// Applies a scan's repairs to a mounted filesystem, each as one ordinary mutating operation, so
/// every change is journaled. Removals run first and bitmap bits last (see <see cref="RepairKind"/>).
/// A repair that fails turns the filesystem read-only, so every later one fails too and is
/// listed as not done: nothing is half-applied.
/// </summary>
internal static class FsRepairer
{
    /// <summary>Returns how many repairs were applied.</summary>
    public static async Task<int> ApplyAsync(FileSystem fs, IReadOnlyList<Finding> findings, List<string> repaired, List<string> failed,
        IProgress<string>? progress, CancellationToken ct)
    {
        var applied = 0;
        foreach (var finding in findings.Where(f => f.Fix is not null).OrderBy(f => Order(f.Fix!)))
        {
            try
            {
                await fs.RepairAsync(() => ApplyOneAsync(fs, finding.Fix!, ct), ct).ConfigureAwait(false);
                repaired.Add(finding.Problem.ToString());
                progress?.Report($"repaired {finding.Problem}");
                applied++;
            }
            catch (FsException e)
            {
                failed.Add($"{finding.Problem} (repair failed: {e.Message})");
            }
        }
        return applied;
    }

    // Blocks in use but free in the bitmap are claimed before anything else runs: a repair that
    // grows a tree could otherwise be handed one of them.
    private static int Order(RepairAction fix) => fix is { Kind: RepairKind.SetBits, Used: true } ? -1 : (int)fix.Kind;

    private static async ValueTask ApplyOneAsync(FileSystem fs, RepairAction fix, CancellationToken ct)
    {
        switch (fix.Kind)
        {
            case RepairKind.RemoveEntry:
                await fs.Directories.Tree.DeleteAsync(new TreeKey(fix.Ino, fix.Slot), ct).ConfigureAwait(false);
                break;
            case RepairKind.RewriteEntry:
                await fs.Directories.Tree.PutAsync(new TreeKey(fix.Ino, fix.Slot), fix.Payload!, ct).ConfigureAwait(false);
                break;
            case RepairKind.RemoveXattr:
                await fs.Xattrs.Tree.DeleteAsync(new TreeKey(fix.Ino, fix.Slot), ct).ConfigureAwait(false);
                break;
            case RepairKind.RemoveExtent:
                // The blocks are not freed here: nothing proves another owner does not claim them.
                // The next pass sees them unreferenced and frees them as leaked.
                await fs.Extents.Tree.DeleteAsync(new TreeKey(fix.Ino, fix.Slot), ct).ConfigureAwait(false);
                break;
            case RepairKind.RemoveOrphan:
                await fs.Inodes.RemoveOrphanAsync(fix.Ino, ct).ConfigureAwait(false);
                break;
            case RepairKind.SetLinks:
                await ChangeInodeAsync(fs, fix.Ino, r => r.Links = (uint)fix.Value, ct).ConfigureAwait(false);
                break;
            case RepairKind.SetBlocks:
                await ChangeInodeAsync(fs, fix.Ino, r => r.Blocks = fix.Value, ct).ConfigureAwait(false);
                break;
            case RepairKind.SetSize:
                await ChangeInodeAsync(fs, fix.Ino, r => r.Size = fix.Value, ct).ConfigureAwait(false);
                break;
            case RepairKind.SetParent:
                await ChangeInodeAsync(fs, fix.Ino, r => r.Parent = (ulong)fix.Value, ct).ConfigureAwait(false);
                break;
            case RepairKind.ListOrphan:
                await fs.Inodes.AddOrphanAsync(fix.Ino, ct).ConfigureAwait(false);
                break;
            case RepairKind.OrphanInode:
                // An inode nothing names goes on the orphan list, and the next mount frees it, as
                // it would a file unlinked while open. Nothing reached it by name, so nothing is lost
                // that a user could have found.
                await ChangeInodeAsync(fs, fix.Ino, r => r.Links = 0, ct).ConfigureAwait(false);
                await fs.Inodes.AddOrphanAsync(fix.Ino, ct).ConfigureAwait(false);
                break;
            case RepairKind.SetInodeCount:
                fs.SetInodeCounters(nextInode: null, inodes: fix.Value);
                break;
            case RepairKind.SetNextInode:
                fs.SetInodeCounters(nextInode: (ulong)fix.Value, inodes: null);
                break;
            case RepairKind.SetBits:
                await fs.Spaces[fix.Volume].SetUsedAsync(fix.Extent, fix.Used, ct).ConfigureAwait(false);
                break;
            default:
                throw new InvalidOperationException($"no repair for {fix.Kind}");
        }
    }

    private static async ValueTask ChangeInodeAsync(FileSystem fs, ulong ino, Action<InodeRecord> change, CancellationToken ct)
    {
        var record = await fs.Inodes.GetAsync(ino, ct).ConfigureAwait(false);
        change(record);
        await fs.Inodes.PutAsync(ino, record, ct).ConfigureAwait(false);
    }
}
