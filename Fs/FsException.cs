using Layered.BlockStack.Uring;

namespace Layered.Fs;

/// <summary>
/// A filesystem operation failed with the errno a Linux filesystem would give. The FUSE host
/// and the CLI turn it into a reply or a message; nothing above Fs interprets the text.
/// </summary>
public class FsException(Errno errno, string message, Exception? inner = null) : Exception(message, inner)
{
    public Errno Errno { get; } = errno;
}

/// <summary>A metadata block failed its check (EUCLEAN). The operation stops; nothing is guessed.</summary>
public sealed class FsCorruptionException(string message) : FsException(Errno.EUCLEAN, message);

/// <summary>A device failed an I/O the filesystem needed (EIO).</summary>
public sealed class FsIoException(string message) : FsException(Errno.EIO, message);

/// <summary>No free block was left where one was needed (ENOSPC).</summary>
public sealed class FsNoSpaceException(string message) : FsException(Errno.ENOSPC, message);
