namespace Layered.Raid.Parity.Kernels;

/// <summary>
/// For each constant c, the products c·n and c·(n &lt;&lt; 4) for every 4-bit n. Multiplication is
/// linear over XOR, so c·x = c·(x &amp; 0x0F) ^ c·(x &amp; 0xF0): two 16-entry lookups that
/// <c>vpshufb</c> performs for 32 bytes at once.
/// </summary>
internal static class NibbleTables
{
    public const int TableBytes = 16;

    // Constant c occupies bytes [32c, 32c + 16) for the low nibble and [32c + 16, 32c + 32) for the high.
    private static readonly byte[] s_products = Build();

    public static ReadOnlySpan<byte> Low(byte factor) => s_products.AsSpan(factor * 2 * TableBytes, TableBytes);

    public static ReadOnlySpan<byte> High(byte factor) => s_products.AsSpan((factor * 2 + 1) * TableBytes, TableBytes);

    private static byte[] Build()
    {
        var products = new byte[256 * 2 * TableBytes];
        for (int factor = 0; factor < 256; factor++)
        {
            for (int nibble = 0; nibble < TableBytes; nibble++)
            {
                products[factor * 2 * TableBytes + nibble] = GaloisField.Multiply((byte)factor, (byte)nibble);
                products[(factor * 2 + 1) * TableBytes + nibble] = GaloisField.Multiply((byte)factor, (byte)(nibble << 4));
            }
        }

        return products;
    }
}
