using System.IO.Pipes;

namespace Layered.BlockStack.Tests.Uring;

/// <summary>
/// A pipe whose read end can sit in a fixed-file slot: reads on it stay in flight until the test
/// writes, which makes "operations in flight" deterministic.
/// </summary>
internal sealed class PipeFile : IDisposable
{
    private readonly AnonymousPipeServerStream _writer = new(PipeDirection.Out);

    public int ReadFd => (int)_writer.ClientSafePipeHandle.DangerousGetHandle();

    public void Write(int lengthBytes)
    {
        _writer.Write(new byte[lengthBytes]);
        _writer.Flush();
    }

    public void Dispose() => _writer.Dispose();
}
