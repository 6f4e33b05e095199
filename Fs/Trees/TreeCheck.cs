using Layered.Fs.Format;

namespace Layered.Fs.Trees;

/// <summary>
/// What <see cref="BTree.CheckAsync"/> found: every block the tree references (each once, so
/// fsck can compare it with the allocator), the items in readable leaves, the number of levels
/// (0 for an empty tree), and each problem in words, naming the blocks involved.
/// </summary>
public sealed record TreeCheck(IReadOnlyList<BlockAddress> Blocks, long Items, int Depth, IReadOnlyList<string> Problems)
{
    public bool IsClean => Problems.Count == 0;
}
