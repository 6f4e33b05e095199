namespace Layered.Fuse.Session;

/// <summary>What a file handle (fh) stands for: the node it was opened on, and whether the filesystem counted the open.</summary>
public readonly record struct OpenHandle(ulong Ino, bool Directory);
