using System.Runtime.CompilerServices;

namespace Layered.Raid.Parity.Kernels;

/// <summary>
/// The vector loops, written once for every <see cref="IGfLanes{TVector}"/>. The generation
/// loops work on blocks of four vectors (128 or 256 bytes): each block is accumulated in
/// registers across all sources and stored once, so outputs are never re-read per source.
/// </summary>
/// <remarks>
/// The loops opt out of tiered compilation: unoptimised code would not inline the lane calls and
/// would run the first calls of a storage stack tens of times slower.
/// </remarks>
internal sealed unsafe partial class SimdKernels<TLanes, TVector> : ParityKernels
    where TLanes : struct, IGfLanes<TVector>
    where TVector : unmanaged
{
    public static readonly SimdKernels<TLanes, TVector> Instance = new();

    private SimdKernels()
    {
    }

    public override ParityEngine Engine => typeof(TLanes) == typeof(Avx2Lanes) ? ParityEngine.Avx2 : ParityEngine.Gfni;

    public override string ToString() => typeof(TLanes).Name;

    private static int BlockBytes => 4 * TLanes.VectorBytes;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override void Xor(byte** sources, int count, byte* target, nint lengthBytes)
    {
        nint step = TLanes.VectorBytes;
        nint offset = 0;
        for (; offset + BlockBytes <= lengthBytes; offset += BlockBytes)
        {
            byte* source = sources[0] + offset;
            TVector x0 = TLanes.Load(source);
            TVector x1 = TLanes.Load(source + step);
            TVector x2 = TLanes.Load(source + 2 * step);
            TVector x3 = TLanes.Load(source + 3 * step);
            for (int i = 1; i < count; i++)
            {
                source = sources[i] + offset;
                x0 = TLanes.Xor(x0, TLanes.Load(source));
                x1 = TLanes.Xor(x1, TLanes.Load(source + step));
                x2 = TLanes.Xor(x2, TLanes.Load(source + 2 * step));
                x3 = TLanes.Xor(x3, TLanes.Load(source + 3 * step));
            }

            byte* block = target + offset;
            TLanes.Store(block, x0);
            TLanes.Store(block + step, x1);
            TLanes.Store(block + 2 * step, x2);
            TLanes.Store(block + 3 * step, x3);
        }

        // A tail shorter than a block: lengths are multiples of 64, so it is whole vectors.
        for (; offset < lengthBytes; offset += step)
        {
            TVector x = TLanes.Load(sources[0] + offset);
            for (int i = 1; i < count; i++)
            {
                x = TLanes.Xor(x, TLanes.Load(sources[i] + offset));
            }

            TLanes.Store(target + offset, x);
        }
    }

    /// <summary>
    /// Q by Horner's rule from the highest index down, q = (...(D_{n-1}·2 ^ D_{n-2})·2 ^ ...)·2 ^ D_0,
    /// so only doubling is needed, never a general multiply.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override void Syndromes(byte** data, int count, byte* p, byte* q, nint lengthBytes)
    {
        nint step = TLanes.VectorBytes;
        nint offset = 0;
        for (; offset + BlockBytes <= lengthBytes; offset += BlockBytes)
        {
            TVector p0 = TLanes.Zero, p1 = TLanes.Zero, p2 = TLanes.Zero, p3 = TLanes.Zero;
            TVector q0 = TLanes.Zero, q1 = TLanes.Zero, q2 = TLanes.Zero, q3 = TLanes.Zero;
            for (int i = count - 1; i >= 0; i--)
            {
                q0 = TLanes.Double(q0);
                q1 = TLanes.Double(q1);
                q2 = TLanes.Double(q2);
                q3 = TLanes.Double(q3);
                byte* chunk = data[i];
                if (chunk == null)
                {
                    continue;
                }

                chunk += offset;
                TVector d0 = TLanes.Load(chunk);
                TVector d1 = TLanes.Load(chunk + step);
                TVector d2 = TLanes.Load(chunk + 2 * step);
                TVector d3 = TLanes.Load(chunk + 3 * step);
                p0 = TLanes.Xor(p0, d0);
                p1 = TLanes.Xor(p1, d1);
                p2 = TLanes.Xor(p2, d2);
                p3 = TLanes.Xor(p3, d3);
                q0 = TLanes.Xor(q0, d0);
                q1 = TLanes.Xor(q1, d1);
                q2 = TLanes.Xor(q2, d2);
                q3 = TLanes.Xor(q3, d3);
            }

            if (p != null)
            {
                byte* pBlock = p + offset;
                TLanes.Store(pBlock, p0);
                TLanes.Store(pBlock + step, p1);
                TLanes.Store(pBlock + 2 * step, p2);
                TLanes.Store(pBlock + 3 * step, p3);
            }

            byte* qBlock = q + offset;
            TLanes.Store(qBlock, q0);
            TLanes.Store(qBlock + step, q1);
            TLanes.Store(qBlock + 2 * step, q2);
            TLanes.Store(qBlock + 3 * step, q3);
        }

        for (; offset < lengthBytes; offset += step)
        {
            TVector pSum = TLanes.Zero;
            TVector qSum = TLanes.Zero;
            for (int i = count - 1; i >= 0; i--)
            {
                qSum = TLanes.Double(qSum);
                if (data[i] != null)
                {
                    TVector d = TLanes.Load(data[i] + offset);
                    pSum = TLanes.Xor(pSum, d);
                    qSum = TLanes.Xor(qSum, d);
                }
            }

            if (p != null)
            {
                TLanes.Store(p + offset, pSum);
            }

            TLanes.Store(q + offset, qSum);
        }
    }
}
