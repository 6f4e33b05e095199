using Layered.Fuse.Protocol;

namespace Layered.Fuse.Handlers;

/// <summary>Kernel offsets and lengths are u64; the filesystem takes non-negative longs.</summary>
internal static class FuseOffsets
{
    public static long ToLong(ulong value, string what) =>
        value <= long.MaxValue ? (long)value : throw new FuseProtocolException($"{what} {value} does not fit a signed 64-bit offset");
}
