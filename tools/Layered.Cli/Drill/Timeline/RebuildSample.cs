using System.Text.Json.Nodes;

namespace Layered.Cli.Drill.Timeline;

/// <summary>One rebuild as it stood at a sample: target slot and device, percent done, and rate.</summary>
internal sealed record RebuildSample(int Slot, string Device, double Percent, double MBps)
{
    public JsonObject ToJson() => new()
    {
        ["slot"] = Slot,
        ["device"] = Device,
        ["percent"] = Math.Round(Percent, 1),
        ["mb_per_second"] = Math.Round(MBps, 1),
    };

    public override string ToString() => $"rebuild s{Slot} {Percent:0}% {MBps:0} MB/s";
}
