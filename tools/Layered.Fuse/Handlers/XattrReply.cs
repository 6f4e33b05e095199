using Layered.BlockStack.Uring;
using Layered.Fuse.Protocol;
using Layered.Fuse.Session;

namespace Layered.Fuse.Handlers;

/// <summary>The getxattr/listxattr reply rule: size 0 gets the size, a smaller buffer gets ERANGE, otherwise the bytes.</summary>
internal static class XattrReply
{
    public static FuseReply Sized(FuseRequest request, uint size, ReadOnlySpan<byte> value)
    {
        if (size == 0) return FuseReply.Struct(request.Payload, new FuseGetxattrOut { Size = (uint)value.Length });
        if (value.Length > size) return FuseReply.Fail(Errno.ERANGE);
        if (value.Length > request.Payload.Length) return FuseReply.Fail(Errno.E2BIG);
        value.CopyTo(request.Payload.Span);
        return FuseReply.Ok(value.Length);
    }
}
