using Layered.Raid.Parity.Kernels;
using Layered.Raid.Parity.Operations;

namespace Layered.Raid.Parity;

// Full-stripe parity and plain XOR.
public static unsafe partial class RaidParity
{
    /// <summary>p = data[0] ^ ... ^ data[n-1] (RAID-5 parity, RAID-6 P).</summary>
    public static void ComputeP(ReadOnlySpan<ReadOnlyMemory<byte>> data, Span<byte> p) => ComputeP(s_kernels, data, p);

    /// <summary>RAID-6 parity: p = Σ D_i and q = Σ g^i·D_i with g = 2.</summary>
    public static void ComputePQ(ReadOnlySpan<ReadOnlyMemory<byte>> data, Span<byte> p, Span<byte> q)
        => ComputePQ(s_kernels, data, p, q);

    /// <summary>target ^= source.</summary>
    public static void Xor(ReadOnlySpan<byte> source, Span<byte> target) => Xor(s_kernels, source, target);

    internal static void ComputeP(ParityKernels kernels, ReadOnlySpan<ReadOnlyMemory<byte>> data, Span<byte> p)
    {
        ParityArguments.Length(p.Length, nameof(p));
        ParityArguments.Count(data.Length, 1);
        ParityArguments.ChunkLengths(data, p.Length);

        var operation = new ComputePOperation(kernels, p);
        PinnedChunks.Run(data, -1, -1, ref operation);
    }

    internal static void ComputePQ(ParityKernels kernels, ReadOnlySpan<ReadOnlyMemory<byte>> data, Span<byte> p, Span<byte> q)
    {
        ParityArguments.Length(p.Length, nameof(p));
        ParityArguments.SameLength(q.Length, p.Length, nameof(q));
        ParityArguments.Count(data.Length, 1);
        ParityArguments.ChunkLengths(data, p.Length);

        var operation = new ComputePQOperation(kernels, p, q);
        PinnedChunks.Run(data, -1, -1, ref operation);
    }

    internal static void Xor(ParityKernels kernels, ReadOnlySpan<byte> source, Span<byte> target)
    {
        ParityArguments.Length(target.Length, nameof(target));
        ParityArguments.SameLength(source.Length, target.Length, nameof(source));

        fixed (byte* sourceBytes = source)
        fixed (byte* targetBytes = target)
        {
            byte** sources = stackalloc byte*[] { sourceBytes, targetBytes };
            kernels.Xor(sources, 2, targetBytes, target.Length);
        }
    }
}
