using Layered.BlockStack.Uring;

namespace Layered.Fs;

/// <summary>A metadata block failed its check (EUCLEAN). The operation stops; nothing is guessed.</summary>
public sealed class FsCorruptionException(string message) : FsException(Errno.EUCLEAN, message);
