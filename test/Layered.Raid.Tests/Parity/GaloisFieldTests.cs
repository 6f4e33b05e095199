using Layered.Raid.Parity;

namespace Layered.Raid.Tests.Parity;

public class GaloisFieldTests
{
    [Fact]
    public void MultiplyMatchesCarrylessMultiplyReducedBy0x11DForAllPairs()
    {
        for (int a = 0; a < 256; a++)
        {
            for (int b = 0; b < 256; b++)
            {
                byte product = GaloisField.Multiply((byte)a, (byte)b);
                if (product != ReferenceMultiply(a, b))
                {
                    Assert.Fail($"{a} * {b} = {product}, reference says {ReferenceMultiply(a, b)}");
                }
            }
        }
    }

    [Fact]
    public void MultiplyIsCommutativeWithIdentityOneAndAbsorbingZero()
    {
        for (int a = 0; a < 256; a++)
        {
            Assert.Equal((byte)a, GaloisField.Multiply((byte)a, 1));
            Assert.Equal(0, GaloisField.Multiply((byte)a, 0));
            for (int b = 0; b < 256; b++)
            {
                if (GaloisField.Multiply((byte)a, (byte)b) != GaloisField.Multiply((byte)b, (byte)a))
                {
                    Assert.Fail($"{a} * {b} differs from {b} * {a}");
                }
            }
        }
    }

    [Fact]
    public void MultiplyIsAssociativeAndDistributesOverXor()
    {
        for (int a = 0; a < 256; a++)
        {
            for (int b = 0; b < 256; b++)
            {
                byte ab = GaloisField.Multiply((byte)a, (byte)b);
                for (int c = 0; c < 256; c++)
                {
                    byte left = GaloisField.Multiply(ab, (byte)c);
                    byte right = GaloisField.Multiply((byte)a, GaloisField.Multiply((byte)b, (byte)c));
                    byte distributed = (byte)(ab ^ GaloisField.Multiply((byte)a, (byte)c));
                    if (left != right || GaloisField.Multiply((byte)a, (byte)(b ^ c)) != distributed)
                    {
                        Assert.Fail($"associativity or distributivity fails for a={a} b={b} c={c}");
                    }
                }
            }
        }
    }

    [Fact]
    public void EveryNonzeroElementHasAnInverse()
    {
        for (int a = 1; a < 256; a++)
        {
            byte inverse = GaloisField.Inverse((byte)a);
            Assert.True(GaloisField.Multiply((byte)a, inverse) == 1, $"{a} * Inverse({a}) = {GaloisField.Multiply((byte)a, inverse)}");
            Assert.Equal((byte)a, GaloisField.Divide(1, inverse));
        }

        Assert.Throws<DivideByZeroException>(() => GaloisField.Inverse(0));
    }

    [Fact]
    public void GeneratorTwoReachesAll255NonzeroElements()
    {
        var seen = new HashSet<byte>();
        for (int power = 0; power < GaloisField.Order; power++)
        {
            byte element = GaloisField.Exp(power);
            Assert.True(seen.Add(element), $"g^{power} = {element} repeats an earlier power");
            Assert.Equal(power, GaloisField.Log(element));
        }

        Assert.Equal(255, seen.Count);
        Assert.DoesNotContain((byte)0, seen);
        Assert.Equal(1, GaloisField.Exp(GaloisField.Order));
    }

    [Fact]
    public void ExpReducesAnyPowerModulo255()
    {
        for (int power = -600; power <= 600; power++)
        {
            Assert.Equal(GaloisField.Exp(((power % 255) + 255) % 255), GaloisField.Exp(power));
            Assert.Equal(1, GaloisField.Multiply(GaloisField.Exp(power), GaloisField.Exp(-power)));
        }

        Assert.Throws<ArgumentOutOfRangeException>(() => GaloisField.Log(0));
    }

    /// <summary>Schoolbook: carry-less multiply into 15 bits, then reduce by 0x11D from the top bit down.</summary>
    private static int ReferenceMultiply(int a, int b)
    {
        int product = 0;
        for (int bit = 0; bit < 8; bit++)
        {
            if ((b & (1 << bit)) != 0)
            {
                product ^= a << bit;
            }
        }

        for (int bit = 14; bit >= 8; bit--)
        {
            if ((product & (1 << bit)) != 0)
            {
                product ^= GaloisField.Polynomial << (bit - 8);
            }
        }

        return product;
    }
}
