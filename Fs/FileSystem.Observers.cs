namespace Layered.Fs;

public sealed partial class FileSystem
{
    /// <summary>
    /// Raised after a direct I/O session wrote [offset, offset + length) of a file straight to its
    /// devices: its bytes changed, and perhaps its size and extents, without a call through this
    /// filesystem's data path. Whoever caches the file elsewhere (the FUSE host, for the kernel)
    /// must forget that range and the file's attributes. Handlers run on the writer's thread,
    /// which may be a device's completion thread: they must only note the change and return.
    /// </summary>
    public event Action<ulong, long, long>? WrittenDirectly;

    internal void OnWrittenDirectly(ulong ino, long offset, long length) => WrittenDirectly?.Invoke(ino, offset, length);
}
