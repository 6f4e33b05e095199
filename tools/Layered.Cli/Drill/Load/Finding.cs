using System.Text.Json.Nodes;

namespace Layered.Cli.Drill.Load;

/// <summary>One thing the load caught: wrong data read back, or an error that reached it.</summary>
internal sealed record Finding(double T, string Kind, string Phase, long Sector, long Sectors, string Detail)
{
    public JsonObject ToJson() => new()
    {
        ["t"] = Math.Round(T, 3),
        ["kind"] = Kind,
        ["phase"] = Phase,
        ["sector"] = Sector,
        ["sectors"] = Sectors,
        ["detail"] = Detail,
    };

    public override string ToString() => $"{T:F2}s {Kind} ({Phase}) at sector {Sector}+{Sectors}: {Detail}";
}
