using System.Text.Json.Nodes;

namespace Layered.Cli.Output;

/// <summary>The human form of a read/write IOPS report: one row per side, then the ratios.</summary>
internal static class IopsTable
{
    public static void Print(IEnumerable<(string Label, JsonNode? Side)> sides, JsonObject report, int labelWidth = 10)
    {
        Console.WriteLine();
        Console.WriteLine($"{"".PadRight(labelWidth)} {"read IOPS",12} {"us CPU/IO",10} {"write IOPS",12} {"us CPU/IO",10}");
        foreach (var (label, side) in sides)
        {
            if (side is not JsonObject r) continue;
            Console.WriteLine($"{label.PadRight(labelWidth)} {(double)r["read_iops"]!,12:N0} {(double)r["read_cpu_us_per_io"]!,10:F2} {(double)r["write_iops"]!,12:N0} {(double)r["write_cpu_us_per_io"]!,10:F2}");
        }
        Console.WriteLine();
        foreach (var (key, value) in report.Where(kv => kv.Key.StartsWith("ratio_", StringComparison.Ordinal)))
            Console.WriteLine($"{key,-42} {(double)value!:F3}");
    }
}
