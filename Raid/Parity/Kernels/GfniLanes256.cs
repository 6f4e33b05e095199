using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Layered.Raid.Parity.Kernels;

/// <summary>GFNI on 256-bit vectors, for CPUs with GFNI but no AVX-512 (e.g. client cores).</summary>
internal unsafe struct GfniLanes256 : IGfLanes<Vector256<byte>>
{
    public static int VectorBytes => 32;

    public static bool IsSupported => Gfni.V256.IsSupported && Avx2.IsSupported;

    public static Vector256<byte> Zero => Vector256<byte>.Zero;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<byte> Load(byte* source) => Vector256.Load(source);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(byte* target, Vector256<byte> value) => value.Store(target);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<byte> Xor(Vector256<byte> left, Vector256<byte> right) => left ^ right;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<byte> Double(Vector256<byte> value)
        => Gfni.V256.GaloisFieldAffineTransform(value, Vector256.Create(AffineMatrices.Double).AsByte(), 0);

    public static MultiplierOf<Vector256<byte>> Multiplier(byte factor)
        => new(Vector256.Create(AffineMatrices.For(factor)).AsByte(), Vector256<byte>.Zero);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<byte> Multiply(Vector256<byte> value, MultiplierOf<Vector256<byte>> multiplier)
        => Gfni.V256.GaloisFieldAffineTransform(value, multiplier.Low, 0);
}
