using Layered.Raid.Parity;
using Layered.Raid.Parity.Kernels;

namespace Layered.Raid.Tests.Parity;

public class MultiplierTableTests
{
    [Fact]
    public void AffineMatricesMultiplyLikeTheFieldUnderIntelsDefinition()
    {
        for (int factor = 0; factor < 256; factor++)
        {
            ulong matrix = AffineMatrices.For((byte)factor);
            for (int x = 0; x < 256; x++)
            {
                byte expected = GaloisField.Multiply((byte)factor, (byte)x);
                byte actual = Affine(matrix, (byte)x);
                if (actual != expected)
                {
                    Assert.Fail($"matrix for {factor} maps {x} to {actual}, expected {expected}");
                }
            }
        }
    }

    [Fact]
    public void DoublingMatrixConstantIsTheMatrixForTwo()
        => Assert.Equal(AffineMatrices.Double, AffineMatrices.Build(GaloisField.Generator));

    [Fact]
    public void NibbleTablesMultiplyLikeTheField()
    {
        for (int factor = 0; factor < 256; factor++)
        {
            ReadOnlySpan<byte> low = NibbleTables.Low((byte)factor);
            ReadOnlySpan<byte> high = NibbleTables.High((byte)factor);
            for (int x = 0; x < 256; x++)
            {
                Assert.Equal(GaloisField.Multiply((byte)factor, (byte)x), (byte)(low[x & 0x0F] ^ high[x >> 4]));
            }
        }
    }

    /// <summary>GF2P8AFFINEQB on one byte, as the Intel SDM defines it: bit i = parity(matrix.byte[7 - i] &amp; x).</summary>
    private static byte Affine(ulong matrix, byte x)
    {
        int result = 0;
        for (int bit = 0; bit < 8; bit++)
        {
            int row = (int)(matrix >> ((7 - bit) * 8)) & 0xFF;
            result |= (System.Numerics.BitOperations.PopCount((uint)(row & x)) & 1) << bit;
        }

        return (byte)result;
    }
}
