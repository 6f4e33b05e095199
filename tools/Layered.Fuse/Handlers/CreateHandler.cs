using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Layered.Fs.Posix;
using Layered.Fuse.Protocol;
using Layered.Fuse.Session;

namespace Layered.Fuse.Handlers;

/// <summary>FUSE_CREATE: create and open in one step; the reply is an entry followed by an open reply.</summary>
internal sealed class CreateHandler : IFuseHandler
{
    public async ValueTask<FuseReply> HandleAsync(FuseSession session, FuseRequest request)
    {
        var reader = request.Reader();
        var input = reader.Read<FuseCreateIn>();
        var name = reader.ReadName();
        var header = request.Header;
        var attributes = await session.Fs.CreateAsync(request.NodeId, name, input.Mode & UnixMode.PermissionBits, header.Uid, header.Gid).ConfigureAwait(false);
        var fh = await OpenHandler.OpenAsync(session, attributes.Ino).ConfigureAwait(false);
        var entryBytes = FuseAttributes.ReplyEntry(session, request, attributes).PayloadBytes;
        MemoryMarshal.Write(request.Payload.Span[entryBytes..], OpenHandler.Reply(session, fh, input.Flags));
        return FuseReply.Ok(entryBytes + Unsafe.SizeOf<FuseOpenOut>());
    }
}
