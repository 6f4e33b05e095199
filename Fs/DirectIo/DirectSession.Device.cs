using Layered.BlockStack;
using Layered.BlockStack.Uring;
using Layered.Leases;

namespace Layered.Fs.DirectIo;

public sealed partial class DirectSession
{
    /// <summary>
    /// Moves one piece between a registered buffer and a device: through the buffer's tag when
    /// the device pre-maps it, else the plain path. A revoked tag is re-mapped and tried again
    /// only while this file's lease still stands; after a fence the op is stale.
    /// </summary>
    private async ValueTask<Errno> DeviceIoAsync(DirectFile file, LayoutLease lease, int buffer, IBlockDevice device, bool write, long sector, long bufferOffset, int length)
    {
        if (bufferOffset % device.SectorSize != 0 || length % device.SectorSize != 0) return Errno.EINVAL;
        var chunk = Math.Max(device.SectorSize, device.MaxTransferBytes / device.SectorSize * device.SectorSize);
        for (var done = 0; done < length; done += chunk)
        {
            var bytes = Math.Min(chunk, length - done);
            var errno = await PieceAsync(file, lease, buffer, device, write, sector + done / device.SectorSize, bufferOffset + done, bytes).ConfigureAwait(false);
            if (errno != Errno.Success) return errno;
        }
        return Errno.Success;
    }

    private async ValueTask<Errno> PieceAsync(DirectFile file, LayoutLease lease, int buffer, IBlockDevice device, bool write, long sector, long bufferOffset, int bytes)
    {
        for (var attempt = 0; attempt < 2; attempt++)
        {
            if (lease.State is LeaseState.Fenced or LeaseState.Released) return Stale(file, lease);
            Layered.BlockStack.Tags.DeviceTag? tag;
            lock (_gate) tag = MapTag(buffer, device);
            if (tag is not null && !Covers(file, lease, tag)) return Stale(file, lease);
            IoResult result;
            if (tag is null)
            {
                Counters.PlainIo();
                var memory = _buffers[buffer].Memory.Slice((int)bufferOffset, bytes);
                result = write ? await device.WriteAsync(sector, memory).ConfigureAwait(false) : await device.ReadAsync(sector, memory).ConfigureAwait(false);
            }
            else
            {
                var count = bytes / device.SectorSize;
                result = write
                    ? await device.WriteTaggedAsync(tag, bufferOffset, sector, count).ConfigureAwait(false)
                    : await device.ReadTaggedAsync(tag, bufferOffset, sector, count).ConfigureAwait(false);
            }
            if (result.IsOk) return Errno.Success;
            if (result.Status != IoStatus.TagRevoked) return Errno.EIO;
            Counters.Remap();
        }
        return Stale(file, lease);
    }

    private Errno Stale(DirectFile file, LayoutLease lease)
    {
        Counters.StaleOp();
        lock (file.Gate) file.Stale |= lease.State == LeaseState.Fenced;
        return Errno.ESTALE;
    }
}
