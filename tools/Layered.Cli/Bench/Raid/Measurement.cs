using System.Text.Json.Nodes;

namespace Layered.Cli.Bench.Raid;

/// <summary>
/// One line of the report: a measured value, the baseline it is compared against (measured in
/// the same run), their ratio, and the target where one exists. Most targets are on the ratio;
/// parity's is on the value itself (GB/s per core).
/// </summary>
internal sealed record Measurement(string Key, string Title, string Unit, double Value, double Baseline, string BaselineIs)
{
    public double? Target { get; init; }

    /// <summary>True when <see cref="Target"/> bounds <see cref="Value"/> rather than <see cref="Ratio"/>.</summary>
    public bool TargetOnValue { get; init; }

    public JsonObject? Details { get; init; }

    public double Ratio => Value / Baseline;

    public bool? Met => Target is { } target ? (TargetOnValue ? Value : Ratio) >= target : null;

    public JsonObject ToJson()
    {
        var json = new JsonObject
        {
            ["title"] = Title,
            ["unit"] = Unit,
            ["value"] = Round(Value),
            ["baseline"] = Round(Baseline),
            ["baseline_is"] = BaselineIs,
            ["ratio"] = Significant(Ratio),
        };
        if (Target is { } target)
        {
            json["target"] = target;
            json["target_on"] = TargetOnValue ? "value" : "ratio";
            json["met"] = Met;
        }
        if (Details is not null) json["details"] = Details;
        return json;
    }

    /// <summary>Whole units for large values, four significant digits for small ones (a slow scalar kernel's GB/s keeps its precision).</summary>
    private static double Round(double value) => Math.Abs(value) >= 100 ? Math.Round(value) : Significant(value);

    /// <summary>Four significant digits, so a small ratio (scalar P+Q against memcpy) keeps its precision.</summary>
    private static double Significant(double value) =>
        value == 0 || !double.IsFinite(value) ? value : Math.Round(value, Math.Clamp(3 - (int)Math.Floor(Math.Log10(Math.Abs(value))), 0, 15));
}
