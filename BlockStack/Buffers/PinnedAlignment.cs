using System.Buffers;

namespace Layered.BlockStack.Buffers;

/// <summary>Whether pinned memory sits where a device can transfer to or from it directly.</summary>
public static class PinnedAlignment
{
    /// <summary>True when the pinned address is a multiple of <paramref name="alignment"/> (a sector size).</summary>
    public static unsafe bool IsAligned(in MemoryHandle pin, int alignment) => (nint)pin.Pointer % alignment == 0;
}
