using Layered.Raid.Parity.Kernels;
using Layered.Raid.Parity.Operations;

namespace Layered.Raid.Parity;

// Reconstruction of lost data chunks (Anvin, "The mathematics of RAID-6", section 4). The entries
// of 'data' at the missing indexes are never read: they may be empty or garbage.
public static partial class RaidParity
{
    /// <summary>One data chunk lost, P intact: target = p ^ (every other data chunk).</summary>
    public static void RecoverDataFromP(ReadOnlySpan<ReadOnlyMemory<byte>> data, ReadOnlySpan<byte> p, int missing, Span<byte> target)
        => RecoverDataFromP(s_kernels, data, p, missing, target);

    /// <summary>One data chunk lost together with P: target = g^-missing·(q ^ Σ_{i≠missing} g^i·D_i).</summary>
    public static void RecoverDataFromQ(ReadOnlySpan<ReadOnlyMemory<byte>> data, ReadOnlySpan<byte> q, int missing, Span<byte> target)
        => RecoverDataFromQ(s_kernels, data, q, missing, target);

    /// <summary>Two data chunks lost, P and Q intact: rebuilds data[x] into dx and data[y] into dy.</summary>
    public static void RecoverTwoData(
        ReadOnlySpan<ReadOnlyMemory<byte>> data, ReadOnlySpan<byte> p, ReadOnlySpan<byte> q, int x, int y, Span<byte> dx, Span<byte> dy)
        => RecoverTwoData(s_kernels, data, p, q, x, y, dx, dy);

    internal static void RecoverDataFromP(
        ParityKernels kernels, ReadOnlySpan<ReadOnlyMemory<byte>> data, ReadOnlySpan<byte> p, int missing, Span<byte> target)
    {
        ParityArguments.Length(p.Length, nameof(p));
        ParityArguments.SameLength(target.Length, p.Length, nameof(target));
        ParityArguments.Count(data.Length, 1);
        ParityArguments.Index(missing, data.Length, nameof(missing));
        ParityArguments.ChunkLengths(data, p.Length, missing);

        var operation = new RecoverFromPOperation(kernels, p, missing, target);
        PinnedChunks.Run(data, missing, -1, ref operation);
    }

    internal static void RecoverDataFromQ(
        ParityKernels kernels, ReadOnlySpan<ReadOnlyMemory<byte>> data, ReadOnlySpan<byte> q, int missing, Span<byte> target)
    {
        ParityArguments.Length(q.Length, nameof(q));
        ParityArguments.SameLength(target.Length, q.Length, nameof(target));
        ParityArguments.Count(data.Length, 1);
        ParityArguments.Index(missing, data.Length, nameof(missing));
        ParityArguments.ChunkLengths(data, q.Length, missing);

        var operation = new RecoverFromQOperation(kernels, q, missing, target);
        PinnedChunks.Run(data, missing, -1, ref operation);
    }

    internal static void RecoverTwoData(
        ParityKernels kernels,
        ReadOnlySpan<ReadOnlyMemory<byte>> data,
        ReadOnlySpan<byte> p,
        ReadOnlySpan<byte> q,
        int x,
        int y,
        Span<byte> dx,
        Span<byte> dy)
    {
        ParityArguments.Length(p.Length, nameof(p));
        ParityArguments.SameLength(q.Length, p.Length, nameof(q));
        ParityArguments.SameLength(dx.Length, p.Length, nameof(dx));
        ParityArguments.SameLength(dy.Length, p.Length, nameof(dy));
        ParityArguments.Count(data.Length, 2);
        ParityArguments.Index(x, data.Length, nameof(x));
        ParityArguments.Index(y, data.Length, nameof(y));
        ParityArguments.Distinct(x, y);
        ParityArguments.ChunkLengths(data, p.Length, x, y);

        var operation = new RecoverTwoDataOperation(kernels, p, q, x, y, dx, dy);
        PinnedChunks.Run(data, x, y, ref operation);
    }
}
