namespace Layered.Fs.Check;

/// <summary>What a repair does. The order is the order repairs run in: names and extents go before counters, and bitmap bits last, once nothing still to be removed refers to a block.</summary>
internal enum RepairKind
{
    RemoveEntry,
    RewriteEntry,
    RemoveXattr,
    RemoveExtent,
    RemoveOrphan,
    SetLinks,
    SetBlocks,
    SetSize,
    SetParent,
    ListOrphan,
    OrphanInode,
    SetInodeCount,
    SetNextInode,
    SetBits,
}
