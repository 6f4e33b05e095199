namespace Layered.Raid.Parity.Kernels;

/// <summary>
/// For each constant c, the 8x8 bit matrix over GF(2) of x ↦ c·x in GF(2^8)/0x11D, laid out for
/// <c>GF2P8AFFINEQB</c>. GFNI's own multiply (<c>GF2P8MULB</c>) reduces by the AES polynomial
/// 0x11B, so it cannot serve RAID-6; an affine transform with this matrix can.
/// </summary>
internal static class AffineMatrices
{
    /// <summary>Build(2), spelled out so the doubling in Horner's loop is a constant, not a field load.</summary>
    public const ulong Double = 0x8001828488102040;

    private static readonly ulong[] s_matrices = Build();

    public static ulong For(byte factor) => s_matrices[factor];

    /// <summary>
    /// GF2P8AFFINEQB computes result bit i as parity(matrix.byte[7 - i] &amp; x) (Intel SDM). Column j of
    /// the map is c·2^j, so row i has bit j set when bit i of c·2^j is set; row i goes in byte 7 - i.
    /// </summary>
    public static ulong Build(byte factor)
    {
        ulong matrix = 0;
        for (int column = 0; column < 8; column++)
        {
            int image = GaloisField.Multiply(factor, (byte)(1 << column));
            for (int row = 0; row < 8; row++)
            {
                if (((image >> row) & 1) != 0)
                {
                    matrix |= 1UL << ((7 - row) * 8 + column);
                }
            }
        }

        return matrix;
    }

    private static ulong[] Build()
    {
        var matrices = new ulong[256];
        for (int factor = 0; factor < 256; factor++)
        {
            matrices[factor] = Build((byte)factor);
        }

        return matrices;
    }
}
