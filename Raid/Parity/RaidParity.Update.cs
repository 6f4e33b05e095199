using Layered.Raid.Parity.Kernels;

namespace Layered.Raid.Parity;

// Read-modify-write: a small write changes one data chunk, and parity follows from the old and
// new contents of that chunk alone, without reading the rest of the stripe.
public static unsafe partial class RaidParity
{
    /// <summary>p ^= oldData ^ newData.</summary>
    public static void UpdateP(ReadOnlySpan<byte> oldData, ReadOnlySpan<byte> newData, Span<byte> p)
        => UpdateP(s_kernels, oldData, newData, p);

    /// <summary>p ^= oldData ^ newData and q ^= g^index·(oldData ^ newData), for data chunk <paramref name="index"/>.</summary>
    public static void UpdatePQ(ReadOnlySpan<byte> oldData, ReadOnlySpan<byte> newData, int index, Span<byte> p, Span<byte> q)
        => UpdatePQ(s_kernels, oldData, newData, index, p, q);

    internal static void UpdateP(ParityKernels kernels, ReadOnlySpan<byte> oldData, ReadOnlySpan<byte> newData, Span<byte> p)
    {
        ParityArguments.Length(p.Length, nameof(p));
        ParityArguments.SameLength(oldData.Length, p.Length, nameof(oldData));
        ParityArguments.SameLength(newData.Length, p.Length, nameof(newData));

        fixed (byte* oldBytes = oldData)
        fixed (byte* newBytes = newData)
        fixed (byte* pBytes = p)
        {
            byte** sources = stackalloc byte*[] { oldBytes, newBytes, pBytes };
            kernels.Xor(sources, 3, pBytes, p.Length);
        }
    }

    internal static void UpdatePQ(ParityKernels kernels, ReadOnlySpan<byte> oldData, ReadOnlySpan<byte> newData, int index, Span<byte> p, Span<byte> q)
    {
        ParityArguments.Length(p.Length, nameof(p));
        ParityArguments.SameLength(q.Length, p.Length, nameof(q));
        ParityArguments.SameLength(oldData.Length, p.Length, nameof(oldData));
        ParityArguments.SameLength(newData.Length, p.Length, nameof(newData));
        ParityArguments.Index(index, MaxDataChunks, nameof(index));

        fixed (byte* oldBytes = oldData)
        fixed (byte* newBytes = newData)
        fixed (byte* pBytes = p)
        fixed (byte* qBytes = q)
        {
            kernels.Update(oldBytes, newBytes, GaloisField.Exp(index), pBytes, qBytes, p.Length);
        }
    }
}
