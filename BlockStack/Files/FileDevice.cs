using System.Runtime.CompilerServices;
using Layered.BlockStack.Buffers;
using Layered.BlockStack.Tags;
using Layered.BlockStack.Uring;
using Microsoft.Win32.SafeHandles;

namespace Layered.BlockStack.Files;

/// <summary>
/// A device over an image file or a block device (for example /dev/loop0), opened with
/// O_DIRECT where the target allows it. With a <see cref="UringHost"/>, a tag is a slot in
/// the ring's registered-buffer table and tagged I/O goes out as READ_FIXED/WRITE_FIXED on a
/// registered file; the plain path uses READ/WRITE, which pin pages in the kernel per I/O.
/// Without one, I/O goes through RandomAccess and the device cannot pre-map.
/// </summary>
public sealed partial class FileDevice : BlockDevice
{
    private readonly SafeFileHandle _handle;
    private readonly UringHost? _host;
    private readonly int _fileSlot;

    private FileDevice(DeviceGeometry geometry, SafeFileHandle handle, UringHost? host, bool direct, bool isBlockDevice, bool nativeFua, FileDeviceOptions options)
        : base(geometry, options.Retry)
    {
        _handle = handle;
        _host = host;
        IsDirect = direct;
        IsBlockDevice = isBlockDevice;
        NativeFua = nativeFua;
        Path = geometry.Name;
        _fileSlot = host?.AttachFile(handle) ?? -1;
    }

    public string Path { get; }

    /// <summary>Opened with O_DIRECT: I/O bypasses the page cache.</summary>
    public bool IsDirect { get; }

    public bool IsBlockDevice { get; }

    /// <summary>
    /// FUA writes cost no more than a write and a flush: an image file, or a block device whose
    /// queue takes FUA itself. Only then does the device offer <see cref="DeviceCapabilities.Fua"/>;
    /// a FUA write is still honoured either way (the kernel emulates it).
    /// </summary>
    public bool NativeFua { get; }

    /// <summary>Driven through io_uring (false: the RandomAccess fallback).</summary>
    public bool UsesIoUring => _host is not null;

    /// <summary>The shared ring's opcode counters, or null on the RandomAccess path.</summary>
    public RingCounters? RingCounters => _host?.Ring.Counters;

    public override DeviceCapabilities Capabilities =>
        DeviceCapabilities.Flush | DeviceCapabilities.Discard | (NativeFua ? DeviceCapabilities.Fua : 0) | (_host is null ? 0 : DeviceCapabilities.PreMap);

    protected override Mapping? TryMapCore(RegisteredBuffer buffer)
    {
        if (_host is null) return null;
        var slot = _host.AcquireBufferSlot(buffer);
        return slot < 0 ? null : new Mapping(slot, null);
    }

    protected override ValueTask ReleaseMappingAsync(DeviceTag tag)
    {
        _host?.ReleaseBufferSlot(tag.Buffer);
        return ValueTask.CompletedTask;
    }

    protected override ValueTask<IoResult> ExecuteAsync(IoRequest request) => request.Op switch
    {
        IoOp.Discard => new(Discard(request.Sector, request.SectorCount)),
        _ when _host is null => new(ExecuteWithRandomAccess(request)),
        _ => ExecuteOnRingAsync(_host.Ring, request),
    };

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<IoResult> ExecuteOnRingAsync(Ring ring, IoRequest request)
    {
        var length = (uint)(request.SectorCount * SectorSize);
        var offset = (ulong)(request.Sector * SectorSize);
        ValueTask<int> pending;
        unsafe
        {
            var address = (byte*)request.Address;
            var tag = request.Tag;
            pending = request.Op switch
            {
                IoOp.Read when tag is not null => ring.ReadFixedAsync(_fileSlot, tag.Slot, address, length, offset),
                IoOp.Read => ring.ReadAsync(_fileSlot, address, length, offset),
                IoOp.Write when tag is not null => ring.WriteFixedAsync(_fileSlot, tag.Slot, address, length, offset, request.IsFua),
                IoOp.Write => ring.WriteAsync(_fileSlot, address, length, offset, request.IsFua),
                _ => ring.FsyncAsync(_fileSlot, dataOnly: true),
            };
        }
        var res = await pending.ConfigureAwait(false);
        return ToResult(res, request.Op is IoOp.Flush ? 0 : length, request.Sector);
    }

    /// <summary>Turns a kernel result (bytes, or -errno) into a status; a short transfer fails at the first sector it missed.</summary>
    private IoResult ToResult(int res, uint expectedBytes, long sector)
    {
        if (res >= 0)
            return res >= expectedBytes ? IoResult.Ok : IoResult.Fail(IoStatus.IoError, sector + res / SectorSize);
        var errno = (Errno)(-res);
        var status = errno switch
        {
            Errno.EAGAIN or Errno.EBUSY or Errno.EINTR or Errno.ETIMEDOUT => IoStatus.Transient,
            Errno.ENODEV or Errno.ENXIO or Errno.ENOMEDIUM => IoStatus.DeviceGone,
            Errno.EOPNOTSUPP => IoStatus.NotSupported,
            _ => IoStatus.IoError,
        };
        return IoResult.Fail(status, sector, (int)errno);
    }

    protected override ValueTask DisposeCoreAsync()
    {
        if (_host is not null) _host.DetachFile(_fileSlot);
        _handle.Dispose();
        return ValueTask.CompletedTask;
    }
}
