using System.Collections.Concurrent;
using Layered.BlockStack.Uring;
using Layered.Fuse.Session;

namespace Layered.Fuse.Tests.FakeKernel;

/// <summary>An in-memory stand-in for /dev/fuse: the test queues whole requests and collects whole replies.</summary>
internal sealed class FakeKernelChannel : IFuseChannel
{
    private readonly BlockingCollection<byte[]> _requests = [];

    public BlockingCollection<byte[]> Replies { get; } = [];

    public void Send(byte[] request) => _requests.Add(request);

    /// <summary>What the kernel does at unmount: every worker's next read reports the connection gone.</summary>
    public void Close() => _requests.CompleteAdding();

    public int Read(Span<byte> buffer)
    {
        if (!_requests.TryTake(out var request, Timeout.Infinite)) return 0;
        if (request.Length > buffer.Length) throw new InvalidOperationException($"a {request.Length}-byte request does not fit the worker's {buffer.Length}-byte buffer");
        request.CopyTo(buffer);
        return request.Length;
    }

    public Errno Write(ReadOnlySpan<byte> message)
    {
        Replies.Add(message.ToArray());
        return Errno.Success;
    }
}
