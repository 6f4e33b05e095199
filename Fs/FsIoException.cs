using Layered.BlockStack.Uring;

namespace Layered.Fs;

/// <summary>A device failed an I/O the filesystem needed (EIO).</summary>
public sealed class FsIoException(string message) : FsException(Errno.EIO, message);
