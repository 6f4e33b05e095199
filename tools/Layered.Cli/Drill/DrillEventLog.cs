using System.Text;
using Layered.Raid;

namespace Layered.Cli.Drill;

/// <summary>Every event of the drill in order, stamped on the drill clock when it is recorded.</summary>
internal sealed class DrillEventLog(DrillClock clock)
{
    private const int MaxEvents = 100_000;

    private readonly List<DrillEvent> _events = [];

    public DrillEvent Drill(string kind, int slot = -1, string device = "", string detail = "") =>
        Add(new DrillEvent(clock.Seconds, "drill", kind, slot, device, detail));

    /// <summary>A set event; handlers of <see cref="RaidDevice.EventOccurred"/> run on the I/O path, so this only appends.</summary>
    public void Raid(RaidEvent raidEvent, double t) =>
        Add(new DrillEvent(t, "raid", SnakeCase(raidEvent.Kind.ToString()), raidEvent.Slot, raidEvent.Device, raidEvent.Detail));

    public IReadOnlyList<DrillEvent> All { get { lock (_events) return [.. _events]; } }

    public int Count(string source, string kind)
    {
        lock (_events) return _events.Count(e => e.Source == source && e.Kind == kind);
    }

    private DrillEvent Add(DrillEvent drillEvent)
    {
        lock (_events)
            if (_events.Count < MaxEvents) _events.Add(drillEvent);
        return drillEvent;
    }

    /// <summary>RebuildCompleted becomes rebuild_completed, to match the JSON's key style.</summary>
    private static string SnakeCase(string name)
    {
        var text = new StringBuilder(name.Length + 4);
        foreach (var c in name)
        {
            if (char.IsUpper(c) && text.Length > 0) text.Append('_');
            text.Append(char.ToLowerInvariant(c));
        }
        return text.ToString();
    }
}
