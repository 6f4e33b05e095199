namespace Layered.Raid.Parity;

/// <summary>The instruction set used for parity arithmetic.</summary>
public enum ParityEngine
{
    /// <summary>Byte loops with log/exp tables. Runs everywhere; the reference the others are tested against.</summary>
    Scalar,

    /// <summary>XOR with <c>Vector256</c>; Q by shift-and-reduce doubling; constants by 4-bit <c>vpshufb</c> tables.</summary>
    Avx2,

    /// <summary>Multiplication by <c>GF2P8AFFINEQB</c> bit matrices, on 512-bit vectors when AVX-512BW is present.</summary>
    Gfni,
}
