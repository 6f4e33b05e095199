using Layered.BlockStack.Uring;

namespace Layered.Fs;

/// <summary>No free block was left where one was needed (ENOSPC).</summary>
public sealed class FsNoSpaceException(string message) : FsException(Errno.ENOSPC, message);
