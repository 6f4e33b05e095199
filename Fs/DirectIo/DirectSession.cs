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
                foreach (var device in file.Devices) MapTag(index, device);
            return index;
        }
    }

    /// <summary>Registers a file: get-bdevs, a tag per buffer and device, and a layout lease on the whole file. Returns its index.</summary>
    public async ValueTask<int> RegisterFileAsync(ulong ino, CancellationToken ct = default)
    {
        var devices = await _fs.GetBdevsAsync(ino, ct).ConfigureAwait(false);
        var file = new DirectFile(ino, devices);
        int index;
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
        List<DeviceTag> tags = [];
        lock (_gate)
        {
            for (var buffer = 0; buffer < _buffers.Count; buffer++)
                foreach (var device in file.Devices)
                    if (MapTag(buffer, device) is { } tag) tags.Add(tag);
        }
        // Attached up front so a fence revokes them even before any I/O used them; I/O checks again (Covers).
        foreach (var tag in tags) Covers(file, lease, tag);
        lock (file.Gate)
        {
            file.Lease = lease;
            file.Cache.Clear();
        }
        Counters.Acquire();
    }

    /// <summary>The tag of a buffer on a device, mapping it on first use; null when the device cannot pre-map. Caller holds _gate.</summary>
    private DeviceTag? MapTag(int buffer, IBlockDevice device)
    {
        if (!_tags.TryGetValue((buffer, device), out var tag) || tag is { State: not TagState.Live })
        {
            if (tag is not null) _retired.Add((device, tag));
            tag = device.TryMap(_buffers[buffer]);
            _tags[(buffer, device)] = tag;
        }
        return tag;
    }

    /// <summary>
    /// Whether <paramref name="tag"/> is covered by <paramref name="lease"/>, attaching it on first
    /// use: only an attached tag is revoked by a fence, so I/O may go through no other. False once
    /// the lease has ended; the op is then stale.
    /// </summary>
    private static bool Covers(DirectFile file, LayoutLease lease, DeviceTag tag)
    {
        lock (file.Gate)
        {
            if (!ReferenceEquals(file.AttachedFor, lease))
            {
                file.AttachedFor = lease;
                file.Attached.Clear();
            }
            if (file.Attached.Contains(tag)) return true;
        }
        if (!lease.AttachTag(tag)) return false;
        lock (file.Gate)
            if (ReferenceEquals(file.AttachedFor, lease)) file.Attached.Add(tag);
        return true;
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
