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
