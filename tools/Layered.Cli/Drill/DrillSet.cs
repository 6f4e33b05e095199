using Layered.Raid;
using Layered.Raid.Assembly;

namespace Layered.Cli.Drill;

/// <summary>
/// The set under test. A crash replaces it: the old one is abandoned (never disposed, as a
/// crashed process would leave it) and the one assembled from the members takes its place.
/// Its events go to the drill's log, including those raised while it was being assembled.
/// </summary>
internal sealed class DrillSet(DrillEventLog events, DrillClock clock)
{
    private RaidArray? _array;
    private HashSet<RaidEvent> _seen = new(ReferenceEqualityComparer.Instance);

    public RaidArray Array => Volatile.Read(ref _array) ?? throw new InvalidOperationException("the drill has no set");

    public RaidDevice Device => Array.Device;

    /// <summary>The current set's device, or null between a crash and the reassembly.</summary>
    public RaidDevice? Current => Volatile.Read(ref _array)?.Device;

    /// <summary>Rebuilds completed across every incarnation of the set.</summary>
    public int RebuildsCompleted => events.Count("raid", "rebuild_completed");

    public void Attach(RaidArray array)
    {
        var seen = new HashSet<RaidEvent>(ReferenceEqualityComparer.Instance);
        lock (seen)
        {
            _seen = seen;
            array.Device.EventOccurred += OnEvent;
            // Assembly starts rebuilds and adds spares before it returns; their events are already recorded.
            var now = DateTimeOffset.UtcNow;
            foreach (var early in array.Device.Events)
                if (seen.Add(early)) events.Raid(early, clock.Seconds - (now - early.Time).TotalSeconds);
        }
        Volatile.Write(ref _array, array);
    }

    /// <summary>Stops listening to the current set and forgets it, without stopping it.</summary>
    public RaidArray? Abandon()
    {
        var array = Interlocked.Exchange(ref _array, null);
        if (array is not null) array.Device.EventOccurred -= OnEvent;
        return array;
    }

    private void OnEvent(RaidEvent raidEvent)
    {
        var seen = _seen;
        lock (seen)
            if (!seen.Add(raidEvent)) return;
        events.Raid(raidEvent, clock.Seconds);
    }
}
