using System.Globalization;

namespace Layered.Cli.Bench.Fs;

/// <summary>The names both sides use, so their directories hold the same bytes.</summary>
internal static class BenchNames
{
    public const string Directory = "bench";
    public const string DataFile = "data";

    public static string File(int index) => "f" + index.ToString("D7", CultureInfo.InvariantCulture);
}
