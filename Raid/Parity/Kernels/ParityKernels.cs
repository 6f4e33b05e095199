using System.Runtime.Intrinsics;

namespace Layered.Raid.Parity.Kernels;

/// <summary>
/// The arithmetic loops of one engine, on pinned buffers whose length is a positive multiple of
/// <see cref="RaidParity.BlockBytes"/>. <see cref="RaidParity"/> checks arguments and pins; these
/// only compute. One virtual call per operation, never per byte.
/// </summary>
internal abstract unsafe class ParityKernels
{
    public abstract ParityEngine Engine { get; }

    /// <summary>target = sources[0] ^ ... ^ sources[count - 1]. target may be one of the sources.</summary>
    public abstract void Xor(byte** sources, int count, byte* target, nint lengthBytes);

    /// <summary>
    /// p = Σ D_i and q = Σ g^i·D_i over i in 0..count-1, where a null data[i] counts as zeros
    /// (a missing chunk). p may be null when only q is wanted.
    /// </summary>
    public abstract void Syndromes(byte** data, int count, byte* p, byte* q, nint lengthBytes);

    /// <summary>target = factor·(left ^ right). target may be left or right.</summary>
    public abstract void MultiplyXor(byte* left, byte* right, byte factor, byte* target, nint lengthBytes);

    /// <summary>
    /// Solves the two-missing-chunk system. On entry dx and dy hold the syndromes computed with
    /// both chunks zeroed; with pxy = p ^ dx and qxy = q ^ dy this leaves dx = a·pxy ^ b·qxy and
    /// dy = pxy ^ dx.
    /// </summary>
    public abstract void SolvePair(byte* p, byte* q, byte a, byte b, byte* dx, byte* dy, nint lengthBytes);

    /// <summary>With delta = oldData ^ newData: p ^= delta and q ^= factor·delta.</summary>
    public abstract void Update(byte* oldData, byte* newData, byte factor, byte* p, byte* q, nint lengthBytes);

    public static bool IsSupported(ParityEngine engine) => engine switch
    {
        ParityEngine.Scalar => true,
        ParityEngine.Avx2 => Avx2Lanes.IsSupported,
        ParityEngine.Gfni => GfniLanes512.IsSupported || GfniLanes256.IsSupported,
        _ => false,
    };

    /// <summary>
    /// Every implementation of <paramref name="engine"/> this CPU can run, the one
    /// <see cref="For"/> picks first, so tests also cover fallbacks such as 256-bit GFNI.
    /// </summary>
    public static IEnumerable<ParityKernels> Implementations(ParityEngine engine)
    {
        if (!IsSupported(engine))
        {
            yield break;
        }

        yield return For(engine);
        if (engine == ParityEngine.Gfni && GfniLanes512.IsSupported && GfniLanes256.IsSupported)
        {
            yield return SimdKernels<GfniLanes256, Vector256<byte>>.Instance;
        }
    }

    public static ParityKernels For(ParityEngine engine)
    {
        if (!Enum.IsDefined(engine))
        {
            ParityThrow.UnknownEngine(engine);
        }

        if (!IsSupported(engine))
        {
            ParityThrow.Unsupported(engine);
        }

        return engine switch
        {
            ParityEngine.Avx2 => SimdKernels<Avx2Lanes, Vector256<byte>>.Instance,
            ParityEngine.Gfni when GfniLanes512.IsSupported => SimdKernels<GfniLanes512, Vector512<byte>>.Instance,
            ParityEngine.Gfni => SimdKernels<GfniLanes256, Vector256<byte>>.Instance,
            _ => ScalarKernels.Instance,
        };
    }
}
