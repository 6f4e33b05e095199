using System.Runtime.InteropServices;
using Layered.BlockStack.Uring;
using Layered.BlockStack.Native;
using Microsoft.Win32.SafeHandles;

namespace Layered.BlockStack.Tests.Uring;

/// <summary>A scratch file opened with O_DIRECT where the filesystem allows it (tmpfs does not).</summary>
internal sealed class TempFile : IDisposable
{
    private TempFile(string path, SafeFileHandle handle, bool direct)
    {
        Path = path;
        Handle = handle;
        Direct = direct;
    }

    public string Path { get; }

    public SafeFileHandle Handle { get; }

    public bool Direct { get; }

    public int Fd => (int)Handle.DangerousGetHandle();

    public static TempFile Create(long lengthBytes)
    {
        string path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"layered-uring-{Guid.NewGuid():N}.bin");
        const int flags = Interop.O_RDWR | Interop.O_CREAT | Interop.O_EXCL | Interop.O_CLOEXEC;
        bool direct = true;
        SafeFileHandle handle = Interop.Open(path, flags | Interop.O_DIRECT, 0b110_000_000);
        if (handle.IsInvalid && Errno.FromLastPInvokeError() == Errno.EINVAL)
        {
            File.Delete(path);
            direct = false;
            handle = Interop.Open(path, flags, 0b110_000_000);
        }
        if (handle.IsInvalid)
        {
            throw new IOException($"open {path} failed: {Errno.FromLastPInvokeError()}");
        }
        RandomAccess.SetLength(handle, lengthBytes);
        return new TempFile(path, handle, direct);
    }

    public void Dispose()
    {
        Handle.Dispose();
        File.Delete(Path);
    }
}
