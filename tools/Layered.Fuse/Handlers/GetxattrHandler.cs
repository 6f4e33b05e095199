using Layered.Fuse.Protocol;
using Layered.Fuse.Session;

namespace Layered.Fuse.Handlers;

/// <summary>FUSE_GETXATTR: size 0 asks for the value's size; a buffer too small is ERANGE.</summary>
internal sealed class GetxattrHandler : IFuseHandler
{
    public async ValueTask<FuseReply> HandleAsync(FuseSession session, FuseRequest request)
    {
        var reader = request.Reader();
        var input = reader.Read<FuseGetxattrIn>();
        var name = reader.ReadName();
        var value = await session.Fs.GetXattrAsync(request.NodeId, name, request.Interrupted).ConfigureAwait(false);
        return XattrReply.Sized(request, input.Size, value);
    }
}
