namespace Layered.Fs.Posix;

/// <summary>statfs: sizes in filesystem blocks, plus inode counts and the name limit.</summary>
public readonly record struct FsStatistics(int BlockSize, long TotalBlocks, long FreeBlocks, long AvailableBlocks, long Files, long FreeFiles, int NameMax);
