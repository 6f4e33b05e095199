using Layered.BlockStack.Native;
using Layered.BlockStack.Uring;

namespace Layered.BlockStack.Files;

public sealed partial class FileDevice
{
    /// <summary>The RandomAccess path, used when io_uring is unavailable. It runs on the caller's thread.</summary>
    private unsafe IoResult ExecuteWithRandomAccess(IoRequest request)
    {
        try
        {
            var offset = request.Sector * SectorSize;
            switch (request.Op)
            {
                case IoOp.Read:
                    var read = RandomAccess.Read(_handle, request.Span(SectorSize), offset);
                    return ToResult(read, (uint)(request.SectorCount * SectorSize), request.Sector);
                case IoOp.Write:
                    RandomAccess.Write(_handle, request.Span(SectorSize), offset);
                    if (request.IsFua) RandomAccess.FlushToDisk(_handle);
                    return IoResult.Ok;
                default:
                    RandomAccess.FlushToDisk(_handle);
                    return IoResult.Ok;
            }
        }
        catch (IOException e)
        {
            return IoResult.Fail(IoStatus.IoError, request.Sector, e.HResult & 0xFFFF);
        }
    }

    /// <summary>BLKDISCARD on a block device; a punched hole in an image file. Both read back as zeros.</summary>
    private unsafe IoResult Discard(long sector, long sectorCount)
    {
        var offset = sector * SectorSize;
        var length = sectorCount * SectorSize;
        int rc;
        if (IsBlockDevice)
        {
            var range = stackalloc ulong[2] { (ulong)offset, (ulong)length };
            rc = Interop.Ioctl(_handle, Interop.BLKDISCARD, range);
        }
        else
        {
            rc = Interop.Fallocate(_handle, Interop.FALLOC_FL_PUNCH_HOLE | Interop.FALLOC_FL_KEEP_SIZE, offset, length);
        }
        if (rc == 0) return IoResult.Ok;
        var errno = Errno.FromLastPInvokeError();
        return IoResult.Fail(errno is Errno.EOPNOTSUPP or Errno.ENOTTY ? IoStatus.NotSupported : IoStatus.IoError, sector, (int)errno);
    }
}
