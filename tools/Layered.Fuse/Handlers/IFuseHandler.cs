using Layered.Fuse.Session;

namespace Layered.Fuse.Handlers;

/// <summary>Serves one opcode: parses the body (throwing FuseProtocolException when it does not parse), calls the filesystem, fills the payload.</summary>
public interface IFuseHandler
{
    ValueTask<FuseReply> HandleAsync(FuseSession session, FuseRequest request);
}
