using System.Diagnostics.CodeAnalysis;

namespace Layered.Raid.Parity;

/// <summary>Throw helpers, so the checking methods stay small enough to inline.</summary>
internal static class ParityThrow
{
    [DoesNotReturn]
    internal static void BadLength(string name, int lengthBytes)
        => throw new ArgumentException(
            $"Parity buffers must be a positive multiple of {RaidParity.BlockBytes} bytes; {name} is {lengthBytes} bytes.", name);

    [DoesNotReturn]
    internal static void LengthMismatch(string name, int lengthBytes, int expectedBytes)
        => throw new ArgumentException(
            $"All parity buffers must have the same length: {name} is {lengthBytes} bytes, expected {expectedBytes}.", name);

    [DoesNotReturn]
    internal static void ChunkLengthMismatch(int index, int lengthBytes, int expectedBytes)
        => throw new ArgumentException(
            $"All parity buffers must have the same length: data[{index}] is {lengthBytes} bytes, expected {expectedBytes}.", "data");

    [DoesNotReturn]
    internal static void BadChunkCount(int count, int minimum)
        => throw new ArgumentException(
            $"Parity needs {minimum} to {RaidParity.MaxDataChunks} data chunks; got {count}.", "data");

    [DoesNotReturn]
    internal static void IndexOutOfRange(string name, int index, int count)
        => throw new ArgumentOutOfRangeException(
            name, index, $"Data chunk index {name} = {index} is outside 0..{count - 1}.");

    [DoesNotReturn]
    internal static void SameIndex(int index)
        => throw new ArgumentException(
            $"The two missing data chunks must differ; both are {index}.", "y");

    [DoesNotReturn]
    internal static void Unsupported(ParityEngine engine)
        => throw new PlatformNotSupportedException(
            $"Parity engine {engine} needs CPU features this machine lacks; the best available is {RaidParity.BestEngine}.");

    [DoesNotReturn]
    internal static void UnknownEngine(ParityEngine engine)
        => throw new ArgumentOutOfRangeException(nameof(engine), engine, "Not a parity engine.");

    [DoesNotReturn]
    internal static void ZeroHasNoInverse()
        => throw new DivideByZeroException("0 has no multiplicative inverse in GF(2^8).");

    [DoesNotReturn]
    internal static void ZeroHasNoLogarithm()
        => throw new ArgumentOutOfRangeException("a", 0, "0 is not a power of the generator, so it has no logarithm.");
}
