using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Layered.BlockStack.Uring;
using Layered.Fuse.Protocol;

namespace Layered.Fuse.Tests.FakeKernel;

/// <summary>One reply as the fake kernel received it.</summary>
internal sealed record FakeReply(FuseOutHeader Header, byte[] Payload)
{
    public Errno Error => (Errno)(-Header.Error);

    public T As<T>() where T : unmanaged
    {
        Assert.True(Payload.Length >= Unsafe.SizeOf<T>(), $"a {Payload.Length}-byte reply is too short for {typeof(T).Name} ({Unsafe.SizeOf<T>()} bytes)");
        return MemoryMarshal.Read<T>(Payload);
    }
}
