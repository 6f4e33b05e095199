using System.Text.Json.Nodes;

namespace Layered.Cli.Drill;

/// <summary>Something that happened during the drill: a fault the drill injected (source "drill") or a set event (source "raid").</summary>
internal sealed record DrillEvent(double T, string Source, string Kind, int Slot, string Device, string Detail)
{
    public JsonObject ToJson() => new()
    {
        ["t"] = Math.Round(T, 3),
        ["source"] = Source,
        ["kind"] = Kind,
        ["slot"] = Slot,
        ["device"] = Device,
        ["detail"] = Detail,
    };

    /// <summary>A few words for a timeline line or a chart label.</summary>
    public string Short => Slot >= 0 ? $"{Kind} s{Slot}" : Kind;

    public override string ToString() => $"{T,7:F2}s {Source,-5} {Kind,-18} {(Slot >= 0 ? $"slot {Slot}" : ""),-7} {Device} {Detail}".TrimEnd();
}
