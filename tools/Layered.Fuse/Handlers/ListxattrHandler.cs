using System.Text;
using Layered.Fuse.Protocol;
using Layered.Fuse.Session;

namespace Layered.Fuse.Handlers;

/// <summary>FUSE_LISTXATTR: the names, each NUL-terminated, with the same size-query rules as getxattr.</summary>
internal sealed class ListxattrHandler : IFuseHandler
{
    public async ValueTask<FuseReply> HandleAsync(FuseSession session, FuseRequest request)
    {
        var input = request.Reader().Read<FuseGetxattrIn>();
        var names = await session.Fs.ListXattrAsync(request.NodeId, request.Interrupted).ConfigureAwait(false);
        var list = new StringBuilder();
        foreach (var name in names) list.Append(name).Append('\0');
        return XattrReply.Sized(request, input.Size, Encoding.UTF8.GetBytes(list.ToString()));
    }
}
