using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Layered.Raid.Parity.Kernels;

/// <summary>GFNI on 512-bit vectors: one affine instruction multiplies 64 bytes by any constant.</summary>
internal unsafe struct GfniLanes512 : IGfLanes<Vector512<byte>>
{
    public static int VectorBytes => 64;

    public static bool IsSupported => Gfni.V512.IsSupported && Avx512BW.IsSupported;

    public static Vector512<byte> Zero => Vector512<byte>.Zero;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<byte> Load(byte* source) => Vector512.Load(source);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(byte* target, Vector512<byte> value) => value.Store(target);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<byte> Xor(Vector512<byte> left, Vector512<byte> right) => left ^ right;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<byte> Double(Vector512<byte> value)
        => Gfni.V512.GaloisFieldAffineTransform(value, Vector512.Create(AffineMatrices.Double).AsByte(), 0);

    public static MultiplierOf<Vector512<byte>> Multiplier(byte factor)
        => new(Vector512.Create(AffineMatrices.For(factor)).AsByte(), Vector512<byte>.Zero);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<byte> Multiply(Vector512<byte> value, MultiplierOf<Vector512<byte>> multiplier)
        => Gfni.V512.GaloisFieldAffineTransform(value, multiplier.Low, 0);
}
