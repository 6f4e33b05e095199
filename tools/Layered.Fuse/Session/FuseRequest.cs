using Layered.Fuse.Protocol;

namespace Layered.Fuse.Session;

/// <summary>
/// One request as a handler sees it. The body and payload point into the worker's buffers and
/// stay valid until the handler's reply is sent.
/// </summary>
public sealed class FuseRequest
{
    public FuseInHeader Header { get; internal set; }

    /// <summary>The bytes after the in-header.</summary>
    public ReadOnlyMemory<byte> Body { get; internal set; }

    /// <summary>Where the reply's payload goes (after the out-header); its length is the most a reply can carry.</summary>
    public Memory<byte> Payload { get; internal set; }

    /// <summary>Cancelled when the kernel interrupts this request. Only handlers that change nothing pass it on.</summary>
    public CancellationToken Interrupted { get; internal set; }

    public ulong NodeId => Header.NodeId;

    public RequestReader Reader() => new(Body.Span);
}
