using Layered.Fs.Allocation;

namespace Layered.Fs.Check;

/// <summary>
/// One repair a scan proposes. <see cref="Ino"/> and <see cref="Slot"/> name the item (inode,
/// directory or xattr owner and slot, or extent's file block); <see cref="Value"/> is the new
/// counter; <see cref="Volume"/> and <see cref="Extent"/> the bitmap range, set to <see cref="Used"/>.
/// </summary>
internal sealed record RepairAction(RepairKind Kind, ulong Ino = 0, ulong Slot = 0, long Value = 0)
{
    public int Volume { get; init; }
    public BlockExtent Extent { get; init; }
    public bool Used { get; init; }
    public byte[]? Payload { get; init; }
}
