using Layered.BlockStack.Uring;

namespace Layered.Fs.DirectIo;

/// <summary>What became of one op: the bytes moved, or the errno a user would expect (EBADF, EFAULT, EINVAL, ESTALE, EIO...).</summary>
public readonly record struct DirectCompletion(ulong UserData, int Bytes, Errno Errno)
{
    public bool IsOk => Errno == Errno.Success;

    /// <summary>The io_uring-style result: bytes on success, negative errno on failure.</summary>
    public int Result => IsOk ? Bytes : -(int)Errno;
}
