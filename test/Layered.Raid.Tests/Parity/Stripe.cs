using Layered.Raid.Parity;
using Layered.Raid.Parity.Kernels;

namespace Layered.Raid.Tests.Parity;

/// <summary>Seeded random stripes and the byte comparisons the parity tests share.</summary>
internal static class Stripe
{
    public static byte[][] Random(Random random, int chunks, int lengthBytes)
    {
        var data = new byte[chunks][];
        for (int i = 0; i < chunks; i++)
        {
            data[i] = new byte[lengthBytes];
            random.NextBytes(data[i]);
        }

        return data;
    }

    public static ReadOnlyMemory<byte>[] AsMemory(byte[][] data) => Array.ConvertAll(data, chunk => (ReadOnlyMemory<byte>)chunk);

    /// <summary>The stripe as recovery sees it: each lost chunk replaced by an empty or wrong-length buffer, which must be ignored.</summary>
    public static ReadOnlyMemory<byte>[] WithLost(byte[][] data, params int[] lost)
    {
        ReadOnlyMemory<byte>[] survivors = AsMemory(data);
        foreach (int index in lost)
        {
            survivors[index] = index % 2 == 0 ? ReadOnlyMemory<byte>.Empty : new byte[] { 0xDE, 0xAD };
        }

        return survivors;
    }

    /// <summary>P and Q from the scalar engine, the reference every other engine must match.</summary>
    public static (byte[] P, byte[] Q) ReferenceParity(byte[][] data)
    {
        var p = new byte[data[0].Length];
        var q = new byte[data[0].Length];
        RaidParity.ComputePQ(ParityKernels.For(ParityEngine.Scalar), AsMemory(data), p, q);
        return (p, q);
    }

    public static void Equal(ReadOnlySpan<byte> expected, ReadOnlySpan<byte> actual, string context)
    {
        Assert.True(expected.Length == actual.Length, $"{context}: length {actual.Length}, expected {expected.Length}");
        int mismatch = expected.CommonPrefixLength(actual);
        if (mismatch < expected.Length)
        {
            Assert.Fail($"{context}: byte {mismatch} is 0x{actual[mismatch]:X2}, expected 0x{expected[mismatch]:X2}");
        }
    }
}
