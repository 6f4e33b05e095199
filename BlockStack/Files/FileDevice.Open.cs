using Layered.BlockStack.Native;
using Layered.BlockStack.Uring;
using Microsoft.Win32.SafeHandles;

namespace Layered.BlockStack.Files;

public sealed partial class FileDevice
{
    /// <summary>
    /// Opens an image file or a block device. O_DIRECT is used when the target accepts it
    /// (tmpfs, for one, does not); a block device reports its own size and sector size.
    /// </summary>
    public static FileDevice Open(string path, FileDeviceOptions? options = null)
    {
        options ??= new FileDeviceOptions();
        var full = System.IO.Path.GetFullPath(path);
        if (!File.Exists(full) && !full.StartsWith("/dev/", StringComparison.Ordinal))
            throw new FileNotFoundException($"no image file or block device at {full}", full);

        var direct = options.Direct;
        var handle = OpenHandle(full, direct, out var error);
        if (handle.IsInvalid && direct && error == Errno.EINVAL)
        {
            direct = false;
            handle = OpenHandle(full, direct: false, out error);
        }
        if (handle.IsInvalid) throw new IOException($"cannot open {full}: {error}");

        try
        {
            var geometry = ReadGeometry(handle, full, options, out var isBlockDevice);
            // An image file's FUA write is one write with RWF_DSYNC, as cheap as a write and flush.
            var nativeFua = !isBlockDevice || BlockQueue.HasNativeFua(full);
            return new FileDevice(geometry, handle, options.Host, direct, isBlockDevice, nativeFua, options);
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    /// <summary>Creates a sparse image file of the given size. An existing file is an error unless overwriting is asked for.</summary>
    public static void CreateImage(string path, long sizeBytes, bool overwrite = false)
    {
        if (sizeBytes <= 0 || sizeBytes % 4096 != 0)
            ThrowHelper.ThrowArgumentOutOfRange(nameof(sizeBytes), sizeBytes, "an image size must be a positive multiple of 4096");
        using var stream = new FileStream(path, overwrite ? FileMode.Create : FileMode.CreateNew, FileAccess.ReadWrite);
        stream.SetLength(sizeBytes);
    }

    private static SafeFileHandle OpenHandle(string path, bool direct, out Errno error)
    {
        var flags = Interop.O_RDWR | Interop.O_CLOEXEC | (direct ? Interop.O_DIRECT : 0);
        var handle = Interop.Open(path, flags, 0);
        error = handle.IsInvalid ? Errno.FromLastPInvokeError() : Errno.Success;
        return handle;
    }

    private static DeviceGeometry ReadGeometry(SafeFileHandle handle, string path, FileDeviceOptions options, out bool isBlockDevice)
    {
        var name = options.Name ?? path;
        var id = options.Id ?? Guid.NewGuid();
        isBlockDevice = Interop.Ioctl(handle, Interop.BLKGETSIZE64, out ulong sizeBytes) == 0;
        if (isBlockDevice)
        {
            if (Interop.Ioctl(handle, Interop.BLKSSZGET, out int sectorSize) != 0)
                throw new IOException($"{path}: cannot read the logical sector size: {Errno.FromLastPInvokeError()}");
            return new DeviceGeometry(name, id, sectorSize, (long)sizeBytes / sectorSize);
        }
        var length = RandomAccess.GetLength(handle);
        if (length < options.SectorSize || length % options.SectorSize != 0)
            throw new InvalidDataException($"{path}: size {length} is not a positive multiple of the sector size {options.SectorSize}");
        return new DeviceGeometry(name, id, options.SectorSize, length / options.SectorSize);
    }
}
