using System.Globalization;

namespace Layered.BlockStack.Composition;

/// <summary>Sizes as people write them: 512, 4k, 64M, 1G, 1T (binary units).</summary>
public static class ByteSize
{
    public static long Parse(string text)
    {
        if (!TryParse(text, out var bytes))
            throw new FormatException($"'{text}' is not a size; write it like 4096, 4k, 64M, 1G or 1T");
        return bytes;
    }

    public static bool TryParse(string text, out long bytes)
    {
        bytes = 0;
        text = text.Trim();
        if (text.Length == 0) return false;
        var shift = char.ToUpperInvariant(text[^1]) switch { 'K' => 10, 'M' => 20, 'G' => 30, 'T' => 40, _ => 0 };
        var digits = shift == 0 ? text : text[..^1];
        if (digits.EndsWith("i", StringComparison.OrdinalIgnoreCase)) return false;
        if (!long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value <= 0) return false;
        if (value > long.MaxValue >> shift) return false;
        bytes = value << shift;
        return true;
    }

    public static string Format(long bytes) => bytes switch
    {
        >= 1L << 40 when bytes % (1L << 40) == 0 => $"{bytes >> 40}T",
        >= 1L << 30 when bytes % (1L << 30) == 0 => $"{bytes >> 30}G",
        >= 1L << 20 when bytes % (1L << 20) == 0 => $"{bytes >> 20}M",
        >= 1L << 10 when bytes % (1L << 10) == 0 => $"{bytes >> 10}k",
        _ => bytes.ToString(CultureInfo.InvariantCulture),
    };
}
