using Layered.Fs.Format;

namespace Layered.Fs;

// What fsck needs from a mounted filesystem: its state under the metadata lock, and repairs
// that run as ordinary mutating operations, so they are journaled like any change.
public sealed partial class FileSystem
{
    /// <summary>A copy of the root block's fields as they stand in the running transaction.</summary>
    internal FsRoot RootSnapshot()
    {
        var copy = new FsRoot();
        copy.CopyFrom(_root);
        return copy;
    }

    /// <summary>Runs a read-only look at the metadata under the metadata lock.</summary>
    internal Task<T> InspectAsync<T>(Func<ValueTask<T>> inspect, CancellationToken ct) => RunAsync(mutates: false, _ => inspect(), ct);

    /// <summary>Runs one repair as a mutating operation: it joins the running transaction, and a failure turns the filesystem read-only.</summary>
    internal Task RepairAsync(Func<ValueTask> repair, CancellationToken ct) => RunAsync(mutates: true, _ => repair(), ct);

    /// <summary>Sets the root block's inode counters; call inside <see cref="RepairAsync"/>.</summary>
    internal void SetInodeCounters(ulong? nextInode, long? inodes)
    {
        if (nextInode is { } next) _root.NextInode = next;
        if (inodes is { } count) _root.Inodes = count;
        SaveRoot();
    }
}
