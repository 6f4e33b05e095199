using System.Diagnostics.CodeAnalysis;

namespace Layered.BlockStack.Uring;

internal static class ThrowHelper
{
    [DoesNotReturn]
    internal static void ThrowObjectDisposed() => throw new ObjectDisposedException(nameof(Ring));

    [DoesNotReturn]
    internal static void ThrowBufferSlotOutOfRange(int bufferSlot)
        => throw new ArgumentOutOfRangeException(nameof(bufferSlot), bufferSlot, "Registered buffer slots are 16-bit indexes.");
}
