using Layered.BlockStack;
using Layered.BlockStack.Buffers;
using Layered.BlockStack.Tags;
using Layered.BlockStack.Uring;
using Layered.Leases;

namespace Layered.Fs.DirectIo;

/// <summary>
/// The userspace counterpart of an io_uring ring with registered buffers and files. Registering
/// a file asks get-bdevs, maps every buffer on every device (a RAID set answers with one tag that
/// demuxes to its members) and takes a layout lease; fixed reads and writes then go straight to
/// the devices through a mapping cache the lease keeps valid. On recall the session stops
/// issuing on that file, drains, drops the cache and releases; the next op re-acquires, behind
/// the breaker.
/// </summary>
public sealed partial class DirectSession : ILeaseHolder, IAsyncDisposable
{
    private readonly FileSystem _fs;
    private readonly DirectSessionOptions _options;
    private readonly object _gate = new();
    private readonly List<RegisteredBuffer> _buffers = [];
    private readonly List<DirectFile?> _files = [];
    private readonly Dictionary<(int Buffer, IBlockDevice Device), DeviceTag?> _tags = [];
    private readonly List<(IBlockDevice Device, DeviceTag Tag)> _retired = [];

    public DirectSession(FileSystem fs, DirectSessionOptions? options = null)
    {
        _fs = fs;
        _options = options ?? new DirectSessionOptions();
    }

    public string Name => _options.Name;

    public DirectSessionCounters Counters { get; } = new();

    /// <summary>Registers a buffer the caller owns and keeps alive until the session is disposed; returns its index.</summary>
    public int RegisterBuffer(RegisteredBuffer buffer)
    {
        lock (_gate)
        {
            _buffers.Add(buffer);
            var index = _buffers.Count - 1;
            foreach (var file in _files.OfType<DirectFile>())
                foreach (var device in file.Devices) MapTag(index, device, file.Lease, attach: true);
            return index;
        }
    }

    /// <summary>Registers a file: get-bdevs, a tag per buffer and device, and a layout lease on the whole file. Returns its index.</summary>
    public async ValueTask<int> RegisterFileAsync(ulong ino, CancellationToken ct = default)
    {
        var devices = await _fs.GetBdevsAsync(ino, ct).ConfigureAwait(false);
        var file = new DirectFile(ino, devices);
        int index;
        // Listed before its lease exists, so a tag re-mapped meanwhile is attached to it too.
        lock (_gate)
        {
            _files.Add(file);
            index = _files.Count - 1;
        }
        try
        {
            await AcquireAsync(file, ct).ConfigureAwait(false);
        }
        catch
        {
            lock (_gate) _files[index] = null;
            throw;
        }
        return index;
    }

    /// <summary>Stops using a file: releases its lease. Its index then answers EBADF.</summary>
    public async ValueTask UnregisterFileAsync(int index)
    {
        DirectFile? file;
        lock (_gate)
        {
            file = (uint)index < (uint)_files.Count ? _files[index] : null;
            if (file is not null) _files[index] = null;
        }
        if (file?.Lease is { } lease) await lease.ReleaseAsync().ConfigureAwait(false);
    }

    private async ValueTask AcquireAsync(DirectFile file, CancellationToken ct)
    {
        var lease = await _fs.Leases.AcquireAsync(file.Ino, 0, long.MaxValue, _options.Mode, this, ct).ConfigureAwait(false);
        // One critical section with every tag re-map: a tag is either attached here or made
        // after, when MapTag attaches it to this lease.
        lock (_gate)
        {
            lock (file.Gate)
            {
                file.Lease = lease;
                file.Cache.Clear();
            }
            for (var buffer = 0; buffer < _buffers.Count; buffer++)
                foreach (var device in file.Devices) MapTag(buffer, device, lease, attach: true);
        }
        Counters.Acquire();
    }

    /// <summary>
    /// The tag of a buffer on a device, mapping it on first use; null when the device cannot
    /// pre-map. A new tag is attached to every live lease of a file on that device, so a fence
    /// of any of them revokes it; an existing tag was attached when it was made, or when the
    /// lease was taken (<paramref name="attach"/>). Caller holds _gate.
    /// </summary>
    private DeviceTag? MapTag(int buffer, IBlockDevice device, LayoutLease? lease, bool attach = false)
    {
        if (!_tags.TryGetValue((buffer, device), out var tag) || tag is { State: not TagState.Live })
        {
            if (tag is not null) _retired.Add((device, tag));
            tag = device.TryMap(_buffers[buffer]);
            _tags[(buffer, device)] = tag;
            if (tag is null) return null;
            foreach (var file in _files)
                if (file?.Lease is { } other && file.Devices.Contains(device)) other.AttachTag(tag);
            attach = true;
        }
        if (attach && tag is not null) lease?.AttachTag(tag);
        return tag;
    }

    public async ValueTask DisposeAsync()
    {
        List<DirectFile> files;
        List<(IBlockDevice Device, DeviceTag Tag)> tags;
        lock (_gate)
        {
            files = [.. _files.OfType<DirectFile>()];
            _files.Clear();
            tags = [.. _tags.Where(t => t.Value is not null).Select(t => (t.Key.Device, t.Value!)), .. _retired];
            _tags.Clear();
            _retired.Clear();
        }
        foreach (var file in files)
            if (file.Lease is { } lease) await lease.ReleaseAsync().ConfigureAwait(false);
        foreach (var (device, tag) in tags)
            if (tag.State != TagState.Unmapped) await device.UnmapAsync(tag).ConfigureAwait(false);
    }

    private static DirectCompletion Fail(DirectOp op, Errno errno) => new(op.UserData, 0, errno);
}
