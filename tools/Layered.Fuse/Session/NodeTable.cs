using System.Collections.Concurrent;

namespace Layered.Fuse.Session;

/// <summary>
/// The kernel's lookup counts: every entry reply adds one reference to its node, every forget
/// takes some away. Our inode numbers are never reused, so a node id with generation never names
/// two files and the table is bookkeeping only (the filesystem keeps open files alive itself).
/// </summary>
public sealed class NodeTable
{
    private readonly ConcurrentDictionary<ulong, long> _counts = new();

    public int Count => _counts.Count;

    public long LookupCount(ulong nodeId) => _counts.TryGetValue(nodeId, out var count) ? count : 0;

    public void Remember(ulong nodeId) => _counts.AddOrUpdate(nodeId, 1, static (_, count) => count + 1);

    /// <summary>Drops <paramref name="lookups"/> references; returns false when the kernel forgot more than we handed out.</summary>
    public bool Forget(ulong nodeId, ulong lookups)
    {
        while (true)
        {
            if (!_counts.TryGetValue(nodeId, out var count)) return lookups == 0;
            var left = count - (long)Math.Min(lookups, (ulong)long.MaxValue);
            if (left <= 0)
            {
                if (_counts.TryRemove(new KeyValuePair<ulong, long>(nodeId, count))) return left == 0;
            }
            else if (_counts.TryUpdate(nodeId, left, count)) return true;
        }
    }
}
