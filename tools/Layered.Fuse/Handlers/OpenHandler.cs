using Layered.Fs.Posix;
using Layered.Fuse.Protocol;
using Layered.Fuse.Session;

namespace Layered.Fuse.Handlers;

/// <summary>
/// FUSE_OPEN: counts the open in the filesystem (so an unlinked file lives until release) and
/// hands out a new fh. With FUSE_ATOMIC_O_TRUNC the kernel leaves O_TRUNC to us. An O_DIRECT open
/// is answered FOPEN_DIRECT_IO | FOPEN_PARALLEL_DIRECT_WRITES: its I/O bypasses the page cache
/// either way, and so the kernel lets writes that do not extend the file run in parallel instead
/// of one at a time under the inode lock (our fast path takes only a shared file lock). Only when
/// INIT took FUSE_DIRECT_IO_ALLOW_MMAP: without it such an open could not be mapped, which it can
/// on a local filesystem (and with it the kernel writes back and drops cached pages around the
/// direct writes, so buffered opens of the same file stay coherent).
/// </summary>
internal sealed class OpenHandler : IFuseHandler
{
    internal const uint O_TRUNC = 0x200;
    /// <summary>O_DIRECT as the kernel passes it on, which differs by architecture (asm/fcntl.h).</summary>
    internal static readonly uint O_DIRECT = (uint)Layered.BlockStack.Files.OpenFlags.Direct;
    internal const uint FOPEN_DIRECT_IO = 1u << 0;
    internal const uint FOPEN_PARALLEL_DIRECT_WRITES = 1u << 6;

    public async ValueTask<FuseReply> HandleAsync(FuseSession session, FuseRequest request)
    {
        var input = request.Reader().Read<FuseOpenIn>();
        var ino = request.NodeId;
        if ((input.Flags & O_TRUNC) != 0) await session.Fs.SetAttrAsync(ino, new SetAttributes { Size = 0, Drop = PrivilegeDrops.ForTruncatingOpen(session, input) }).ConfigureAwait(false);
        var fh = await OpenAsync(session, ino).ConfigureAwait(false);
        return FuseReply.Struct(request.Payload, Reply(session, fh, input.Flags));
    }

    /// <summary>The open reply for open(2) flags <paramref name="flags"/> (OPEN and CREATE alike).</summary>
    internal static FuseOpenOut Reply(FuseSession session, ulong fh, uint flags)
    {
        var coherent = (session.Connection?.Flags2 & FuseInitFlags2.FUSE_DIRECT_IO_ALLOW_MMAP) != 0;
        return new FuseOpenOut { Fh = fh, OpenFlags = coherent && (flags & O_DIRECT) != 0 ? FOPEN_DIRECT_IO | FOPEN_PARALLEL_DIRECT_WRITES : 0 };
    }

    internal static async ValueTask<ulong> OpenAsync(FuseSession session, ulong ino)
    {
        await session.Fs.OpenAsync(ino).ConfigureAwait(false);
        return session.Handles.Add(new OpenHandle(ino, Directory: false));
    }
}
