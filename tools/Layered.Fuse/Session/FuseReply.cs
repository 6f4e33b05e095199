using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Layered.BlockStack.Uring;

namespace Layered.Fuse.Session;

/// <summary>
/// What a handler answers: <see cref="PayloadBytes"/> bytes it wrote into the request's payload
/// area, an errno, or no reply at all (forget, interrupt).
/// </summary>
public readonly record struct FuseReply(int PayloadBytes, Errno Error, bool Silent)
{
    public static FuseReply Empty => new(0, Errno.Success, false);

    public static FuseReply None => new(0, Errno.Success, true);

    public static FuseReply Ok(int payloadBytes) => new(payloadBytes, Errno.Success, false);

    public static FuseReply Fail(Errno error) => new(0, error, false);

    /// <summary>Writes a fixed-size reply struct at the start of <paramref name="payload"/>.</summary>
    public static FuseReply Struct<T>(Memory<byte> payload, in T value) where T : unmanaged
    {
        MemoryMarshal.Write(payload.Span, in value);
        return Ok(Unsafe.SizeOf<T>());
    }
}
