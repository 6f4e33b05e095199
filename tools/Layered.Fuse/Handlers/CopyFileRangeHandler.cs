using System.Buffers;
using Layered.Fuse.Protocol;
using Layered.Fuse.Session;

namespace Layered.Fuse.Handlers;

/// <summary>
/// FUSE_COPY_FILE_RANGE: read and write through the filesystem in chunks. The reply carries a
/// u32 count, so one request copies at most <see cref="MaxCopyBytes"/>; copy_file_range(2)
/// callers loop on short copies.
/// </summary>
internal sealed class CopyFileRangeHandler : IFuseHandler
{
    private const int ChunkBytes = 1 << 20;
    private const long MaxCopyBytes = 1L << 30;

    public async ValueTask<FuseReply> HandleAsync(FuseSession session, FuseRequest request)
    {
        var input = request.Reader().Read<FuseCopyFileRangeIn>();
        var source = FuseOffsets.ToLong(input.OffIn, "copy source offset");
        var target = FuseOffsets.ToLong(input.OffOut, "copy target offset");
        var length = Math.Min(FuseOffsets.ToLong(input.Len, "copy length"), MaxCopyBytes);
        var buffer = ArrayPool<byte>.Shared.Rent(ChunkBytes);
        try
        {
            var copied = 0L;
            while (copied < length)
            {
                var want = (int)Math.Min(ChunkBytes, length - copied);
                var read = await session.Fs.ReadAsync(request.NodeId, source + copied, buffer.AsMemory(0, want)).ConfigureAwait(false);
                if (read == 0) break;
                await session.Fs.WriteAsync(input.NodeIdOut, target + copied, buffer.AsMemory(0, read)).ConfigureAwait(false);
                copied += read;
                if (read < want) break;
            }
            return FuseReply.Struct(request.Payload, new FuseWriteOut { Size = (uint)copied });
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
