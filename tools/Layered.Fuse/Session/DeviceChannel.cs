using Layered.BlockStack.Uring;
using Layered.Fuse.Native;
using Microsoft.Win32.SafeHandles;

namespace Layered.Fuse.Session;

/// <summary>The kernel end: an open /dev/fuse descriptor, read and written with blocking read(2)/write(2).</summary>
public sealed class DeviceChannel(SafeFileHandle fd) : IFuseChannel
{
    /// <summary>A request read is retried at most this often in a row before the channel counts as broken.</summary>
    private const int MaxTransientRetries = 1_000_000;

    public SafeFileHandle Fd { get; } = fd;

    public unsafe int Read(Span<byte> buffer)
    {
        for (var attempt = 0; attempt < MaxTransientRetries; attempt++)
        {
            nint read;
            fixed (byte* p = buffer) read = Interop.Read(Fd, p, buffer.Length);
            if (read > 0) return (int)read;
            if (read == 0) return 0;
            var errno = Errno.FromLastPInvokeError();
            // EINTR: a signal; ENOENT: the kernel withdrew the request (interrupted before we read it); EAGAIN: spurious wake-up.
            if (errno is Errno.EINTR or Errno.ENOENT or Errno.EAGAIN) continue;
            // ENODEV: unmounted or aborted. EBADF: the descriptor was closed under us during shutdown.
            if (errno is Errno.ENODEV or Errno.EBADF) return 0;
            throw new IOException($"read from /dev/fuse failed: {errno}");
        }
        throw new IOException($"read from /dev/fuse kept failing transiently {MaxTransientRetries} times");
    }

    public unsafe Errno Write(ReadOnlySpan<byte> message)
    {
        while (true)
        {
            nint written;
            fixed (byte* p = message) written = Interop.Write(Fd, p, message.Length);
            if (written == message.Length) return Errno.Success;
            if (written >= 0) throw new IOException($"/dev/fuse took {written} of a {message.Length}-byte reply");
            var errno = Errno.FromLastPInvokeError();
            if (errno == Errno.EINTR) continue;
            return errno;
        }
    }
}
