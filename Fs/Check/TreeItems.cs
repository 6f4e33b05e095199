using Layered.Fs.Cache;
using Layered.Fs.Format;
using Layered.Fs.Trees;

namespace Layered.Fs.Check;

/// <summary>
/// The items of a tree, read leaf by leaf from the nodes <see cref="BTree.CheckAsync"/> listed.
/// A node that cannot be read or fails its checks is skipped (the tree check reported it), so
/// one bad leaf costs its own items, not the whole tree's.
/// </summary>
internal static class TreeItems
{
    public static async Task ForEachAsync(MetadataCache cache, MetadataKind kind, IReadOnlyList<BlockAddress> nodes, Action<TreeKey, byte[]> visit, CancellationToken ct)
    {
        foreach (var address in nodes)
        {
            ct.ThrowIfCancellationRequested();
            MetadataBlock block;
            try
            {
                block = await cache.ReadAsync(address, kind, ct).ConfigureAwait(false);
            }
            catch (FsException)
            {
                continue;
            }
            if (block.Data.Length != cache.BlockSize || NodeVerifier.Verify(block.Body) is not null || NodeLayout.Level(block.Body) != 0) continue;
            var count = NodeLayout.Count(block.Body);
            for (var i = 0; i < count; i++)
                visit(LeafNode.KeyAt(block.Body, i), LeafNode.ValueAt(block.Body, i).ToArray());
            // Whole trees pass through here; only what a transaction pins must stay.
            cache.Trim();
        }
    }
}
