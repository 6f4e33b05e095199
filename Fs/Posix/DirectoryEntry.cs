namespace Layered.Fs.Posix;

/// <summary>
/// One readdir entry. <see cref="NextCookie"/> is where a later readdir resumes to continue after
/// this entry; cookies stay valid while other entries are added or removed.
/// </summary>
public readonly record struct DirectoryEntry(string Name, ulong Ino, FileKind Kind, long NextCookie);
