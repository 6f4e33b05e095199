using System.Diagnostics.CodeAnalysis;

namespace Layered.BlockStack;

/// <summary>Keeps throw sites out of hot methods so they stay small and inlinable.</summary>
internal static class ThrowHelper
{
    [DoesNotReturn]
    public static void ThrowArgumentOutOfRange(string name, object? value, string why) =>
        throw new ArgumentOutOfRangeException(name, value, why);

    [DoesNotReturn]
    public static void ThrowArgument(string name, string why) => throw new ArgumentException(why, name);

    [DoesNotReturn]
    public static void ThrowObjectDisposed(object instance) => throw new ObjectDisposedException(instance.ToString());

    [DoesNotReturn]
    public static void ThrowInvalidOperation(string why) => throw new InvalidOperationException(why);
}
