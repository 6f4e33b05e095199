using Layered.BlockStack;
using Layered.BlockStack.Uring;
using Layered.Fs.Callouts;
using Layered.Leases;

namespace Layered.Fs.DirectIo;

public sealed partial class DirectSession
{
    /// <summary>Runs a batch of fixed reads and writes, at most MaxInFlight at once, and returns their completions in op order.</summary>
    public async Task<DirectCompletion[]> SubmitAsync(IReadOnlyList<DirectOp> ops, CancellationToken ct = default)
    {
        var completions = new DirectCompletion[ops.Count];
        using var slots = new SemaphoreSlim(_options.MaxInFlight, _options.MaxInFlight);
        var running = new Task[ops.Count];
        for (var i = 0; i < ops.Count; i++)
        {
            await slots.WaitAsync(ct).ConfigureAwait(false);
            var index = i;
            running[i] = Task.Run(async () =>
            {
                try { completions[index] = await ExecuteAsync(ops[index], ct).ConfigureAwait(false); }
                finally { slots.Release(); }
            }, CancellationToken.None);
        }
        await Task.WhenAll(running).ConfigureAwait(false);
        return completions;
    }

    /// <summary>One op, start to finish; every failure is its completion's errno, never an exception.</summary>
    public async ValueTask<DirectCompletion> ExecuteAsync(DirectOp op, CancellationToken ct = default)
    {
        Counters.Op();
        if (Validate(op) is { } invalid) return Fail(op, invalid);
        var file = _files[op.File]!;
        for (var attempt = 0; ; attempt++)
        {
            var entered = await EnterAsync(file, ct).ConfigureAwait(false);
            if (entered is not { } lease) { Counters.StaleOp(); return Fail(op, Errno.ESTALE); }
            try
            {
                return await TransferAsync(file, lease, op, ct).ConfigureAwait(false);
            }
            catch (FsException error) when (error.Errno == Errno.EAGAIN && attempt < MaxClearAttempts)
            {
                // A write into a hole would have to wait to break other holders' read layouts;
                // waiting while counted in flight could deadlock with a breaker draining us.
            }
            catch (FsException error)
            {
                return Fail(op, error.Errno);
            }
            catch (ArgumentException)
            {
                return Fail(op, Errno.EINVAL);
            }
            finally
            {
                Leave(file);
            }
            // Out of flight now: a breaker recalling this session can drain, so waiting is safe.
            await _fs.ClearReadLayoutsAsync(file.Ino, op.Offset, op.Length, this, ct).ConfigureAwait(false);
        }
    }

    /// <summary>How often an op steps out to clear read layouts before it reports EAGAIN.</summary>
    private const int MaxClearAttempts = 8;

    private Errno? Validate(DirectOp op)
    {
        lock (_gate)
        {
            if ((uint)op.File >= (uint)_files.Count || _files[op.File] is null) return Errno.EBADF;
            if ((uint)op.Buffer >= (uint)_buffers.Count) return Errno.EFAULT;
            if (op.BufferOffset < 0 || op.Length <= 0 || op.BufferOffset + op.Length > _buffers[op.Buffer].Length) return Errno.EFAULT;
        }
        if (op.Offset < 0 || op.Offset % _fs.BlockSize != 0 || op.Length % _fs.BlockSize != 0 || op.BufferOffset % 512 != 0) return Errno.EINVAL;
        return null;
    }

    /// <summary>Counts the op in on a live lease: waits out a recall, re-acquires after a release; null once fenced.</summary>
    private async ValueTask<LayoutLease?> EnterAsync(DirectFile file, CancellationToken ct)
    {
        for (var attempt = 0; ; attempt++)
        {
            Task? wait = null;
            lock (file.Gate)
            {
                if (file.Stale) return null;
                if (file.Recalling is { } recalling) wait = recalling.Task;
                else if (Usable(file.Lease) is { } lease)
                {
                    file.InFlight++;
                    return lease;
                }
                else if (file.Lease is { State: LeaseState.Fenced })
                {
                    file.Stale = true;
                    return null;
                }
            }
            if (wait is not null) { await wait.WaitAsync(ct).ConfigureAwait(false); continue; }
            await file.Acquiring.WaitAsync(ct).ConfigureAwait(false);
            try
            {
                lock (file.Gate)
                    if (file.Lease is { State: LeaseState.Active } || file.Recalling is not null || file.Stale) continue;
                await AcquireAsync(file, ct).ConfigureAwait(false);
            }
            finally
            {
                file.Acquiring.Release();
            }
        }
    }

    /// <summary>
    /// A lease ops may enter on. A session that ignores recalls never learnt of one, so it keeps
    /// issuing through a recalled lease, as an unresponsive holder would, until the fence stops it.
    /// </summary>
    private LayoutLease? Usable(LayoutLease? lease) =>
        lease is { State: LeaseState.Active } || (_options.IgnoreRecalls && lease is { State: LeaseState.Recalled }) ? lease : null;

    private static void Leave(DirectFile file)
    {
        lock (file.Gate)
        {
            file.InFlight--;
            if (file.InFlight == 0) file.Drained?.TrySetResult();
        }
    }

    private async ValueTask<DirectCompletion> TransferAsync(DirectFile file, LayoutLease lease, DirectOp op, CancellationToken ct)
    {
        var write = op.Kind == DirectOpKind.Write;
        var extents = await MapAsync(file, op.Offset, op.Length, write, ct).ConfigureAwait(false);
        var unwritten = false;
        var buffer = _buffers[op.Buffer];
        foreach (var extent in extents)
        {
            var from = Math.Max(op.Offset, extent.FileOffset);
            var to = Math.Min(op.Offset + op.Length, extent.FileEnd);
            if (from >= to) continue;
            var bufferOffset = op.BufferOffset + (from - op.Offset);
            if (extent.Type is IomapType.Hole or IomapType.Unwritten && !write)
            {
                buffer.Span.Slice((int)bufferOffset, (int)(to - from)).Clear();
                continue;
            }
            if (extent.Device is not { } device) return Fail(op, Errno.EIO);
            unwritten |= extent.Type == IomapType.Unwritten;
            var sector = extent.Sector + (from - extent.FileOffset) / device.SectorSize;
            var errno = await DeviceIoAsync(file, lease, op.Buffer, device, write, sector, bufferOffset, (int)(to - from)).ConfigureAwait(false);
            if (errno != Errno.Success) return Fail(op, errno);
        }
        if (write && unwritten)
        {
            // Fenced after the data landed: the blocks may already be freed and handed to
            // another writer, whose unwritten extent this conversion must not expose.
            if (lease.State is LeaseState.Fenced or LeaseState.Released) return Fail(op, Stale(file, lease));
            await _fs.CompleteWriteAsync(file.Ino, op.Offset, op.Length, ct, lease).ConfigureAwait(false);
            lock (file.Gate)
            {
                // Fenced after the conversion, the cache may already hold a newer lease's extents.
                if (ReferenceEquals(file.Lease, lease) && lease.State is LeaseState.Active or LeaseState.Recalled) file.MarkWritten(op.Offset, op.Length);
                else file.Cache.Clear();
            }
        }
        if (write) _fs.OnWrittenDirectly(file.Ino, op.Offset, op.Length);
        return new DirectCompletion(op.UserData, op.Length, Errno.Success);
    }

    /// <summary>How much a read maps at once; the lease keeps the whole window valid.</summary>
    private const long MapWindowBytes = 1 << 20;

    /// <summary>The extents under the range, from the cache or the map callout (a write maps with write intent when it meets a hole).</summary>
    private async ValueTask<List<IomapExtent>> MapAsync(DirectFile file, long offset, int length, bool write, CancellationToken ct)
    {
        lock (file.Gate)
            if (file.Lookup(offset, length) is { } cached && (!write || cached.All(e => e.Type != IomapType.Hole))) return cached;
        var extents = new List<IomapExtent>();
        // A read maps the whole window around it, so random 4K reads fill the cache in few calls;
        // a write maps only its own range, since write intent allocates what it maps.
        var at = write ? offset : offset / MapWindowBytes * MapWindowBytes;
        var end = write ? offset + length : Math.Max(offset + length, at + MapWindowBytes);
        while (at < end)
        {
            Counters.Map();
            var batch = await _fs.MapAsync(file.Ino, at, end - at, write ? MapIntent.Write : MapIntent.Read, this, ct, nonBlockingBreak: true).ConfigureAwait(false);
            if (batch.Count == 0) throw new FsIoException($"map of inode {file.Ino} at {at} returned nothing");
            extents.AddRange(batch);
            at = batch[^1].FileEnd;
        }
        lock (file.Gate) file.Store(extents);
        return extents;
    }
}
