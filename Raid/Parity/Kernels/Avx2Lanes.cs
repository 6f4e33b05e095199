using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Layered.Raid.Parity.Kernels;

/// <summary>AVX2: doubling by add-and-reduce, constants by <c>vpshufb</c> nibble tables.</summary>
internal unsafe struct Avx2Lanes : IGfLanes<Vector256<byte>>
{
    public static int VectorBytes => 32;

    public static bool IsSupported => Avx2.IsSupported;

    public static Vector256<byte> Zero => Vector256<byte>.Zero;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<byte> Load(byte* source) => Vector256.Load(source);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(byte* target, Vector256<byte> value) => value.Store(target);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<byte> Xor(Vector256<byte> left, Vector256<byte> right) => left ^ right;

    /// <summary>
    /// 2·x is x shifted left one bit, reduced by 0x1D (the polynomial without its x^8 term) when the
    /// top bit fell off. The signed compare turns each top bit into a 0x00/0xFF mask.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<byte> Double(Vector256<byte> value)
    {
        Vector256<byte> overflow = Vector256.LessThan(value.AsSByte(), Vector256<sbyte>.Zero).AsByte();
        return (value + value) ^ (overflow & Vector256.Create((byte)(GaloisField.Polynomial & 0xFF)));
    }

    public static MultiplierOf<Vector256<byte>> Multiplier(byte factor)
    {
        Vector128<byte> low = Vector128.Create(NibbleTables.Low(factor));
        Vector128<byte> high = Vector128.Create(NibbleTables.High(factor));
        return new(Vector256.Create(low, low), Vector256.Create(high, high));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<byte> Multiply(Vector256<byte> value, MultiplierOf<Vector256<byte>> multiplier)
    {
        Vector256<byte> nibbleMask = Vector256.Create((byte)0x0F);
        Vector256<byte> lowNibbles = value & nibbleMask;
        Vector256<byte> highNibbles = Vector256.ShiftRightLogical(value.AsUInt16(), 4).AsByte() & nibbleMask;
        return Avx2.Shuffle(multiplier.Low, lowNibbles) ^ Avx2.Shuffle(multiplier.High, highNibbles);
    }
}
