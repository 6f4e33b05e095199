namespace Layered.Raid.Parity;

/// <summary>
/// Arithmetic in GF(2^8) with the RAID-6 polynomial x^8 + x^4 + x^3 + x^2 + 1 (0x11D) and
/// generator g = 2, as in H. Peter Anvin, "The mathematics of RAID-6". Addition is XOR.
/// </summary>
public static class GaloisField
{
    public const int Polynomial = 0x11D;
    public const byte Generator = 2;

    /// <summary>The multiplicative group has this many elements, so g^Order = 1.</summary>
    public const int Order = 255;

    // s_exp holds g^0 .. g^509 so that Exp(Log a + Log b) needs no modulo.
    private static readonly byte[] s_exp = new byte[2 * Order];
    private static readonly byte[] s_log = new byte[256];

    static GaloisField()
    {
        int value = 1;
        for (int power = 0; power < Order; power++)
        {
            s_exp[power] = (byte)value;
            s_exp[power + Order] = (byte)value;
            s_log[value] = (byte)power;
            value <<= 1;
            if (value > 0xFF)
            {
                value ^= Polynomial;
            }
        }
    }

    public static byte Multiply(byte a, byte b)
    {
        if (a == 0 || b == 0)
        {
            return 0;
        }

        return s_exp[s_log[a] + s_log[b]];
    }

    /// <summary>The element whose product with <paramref name="a"/> is 1.</summary>
    public static byte Inverse(byte a)
    {
        if (a == 0)
        {
            ParityThrow.ZeroHasNoInverse();
        }

        return s_exp[Order - s_log[a]];
    }

    public static byte Divide(byte a, byte b) => Multiply(a, Inverse(b));

    /// <summary>g^power; any integer power, negative ones included, since g^255 = 1.</summary>
    public static byte Exp(int power)
    {
        int reduced = power % Order;
        return s_exp[reduced < 0 ? reduced + Order : reduced];
    }

    /// <summary>The power of g that equals <paramref name="a"/>, in 0..254.</summary>
    public static int Log(byte a)
    {
        if (a == 0)
        {
            ParityThrow.ZeroHasNoLogarithm();
        }

        return s_log[a];
    }
}
