namespace Layered.Fs.Format;

/// <summary>One volume of a filesystem as its superblock records it.</summary>
public sealed record VolumeEntry(Guid Id, long Blocks, BlockAddress BitmapStart, bool HoldsData = true);
