using Layered.Raid;

namespace Layered.Cli.Drill.Faults;

/// <summary>
/// The fault schedule, made from the seed alone before the drill starts, so a seed replays
/// the same moments, kinds and slots. The run is cut into rounds of acts; each act is a few
/// steps that together stay within the level's redundancy and leave the set whole again:
/// <list type="bullet">
/// <item>a member cycle: fail (by request, or a fail-stop the set must notice), remove, add a
/// fresh device or re-add the old one; where two members may be missing, a second member
/// fails while the first rebuilds;</item>
/// <item>a replace of an active member, or a spare that takes over from a failed member;</item>
/// <item>a crash: of a whole set where one member does not come back until a later re-add,
/// or in the middle of a rebuild.</item>
/// </list>
/// Even rounds fail by request, add fresh devices and replace; odd rounds fail-stop, re-add
/// the old device and let a spare take over. The crash kind alternates from a seeded start.
/// Faults fall between 10% and 75% of the run, so the end of the run is load on a whole set.
/// </summary>
internal static class FaultPlan
{
    private const double WindowStart = 0.10;
    private const double WindowEnd = 0.75;

    public static IReadOnlyList<FaultStep> Create(RaidLevel level, int members, double seconds, double rebuildSeconds, ulong seed)
    {
        var random = SplitMix.For(seed, 0xFA17);
        var rounds = Math.Clamp((int)(seconds / 15), 1, 8);
        // Whether the first round's crash hits a whole set or a rebuild is the seed's choice; later rounds alternate.
        var firstCrash = random.Below(2);
        var acts = new List<Func<double, double, IEnumerable<FaultStep>>>();
        for (var round = 0; round < rounds; round++)
        {
            var cycleSlot = random.Below(members);
            var secondSlot = AllowsTwoMissing(level, members) ? OtherSlot(random, members, cycleSlot) : -1;
            var swapSlot = random.Below(members);
            var crashSlot = random.Below(members);
            var roundActs = new List<Func<double, double, IEnumerable<FaultStep>>>
            {
                round % 2 == 0
                    ? (at, length) => Cycle(at, length, cycleSlot, FaultAction.Fail, FaultAction.Add, secondSlot, rebuildSeconds)
                    : (at, length) => Cycle(at, length, cycleSlot, FaultAction.FailStop, FaultAction.ReAdd, -1, rebuildSeconds),
                round % 2 == 0 ? Single(FaultAction.Replace, swapSlot) : SpareTakeover(swapSlot),
                (round + firstCrash) % 2 == 0 ? CrashLosingAMember(crashSlot) : CrashDuringRebuild(crashSlot, rebuildSeconds),
            };
            Shuffle(roundActs, random);
            acts.AddRange(roundActs);
        }
        var windowStart = WindowStart * seconds;
        var length = (WindowEnd - WindowStart) * seconds / acts.Count;
        var steps = new List<FaultStep>();
        for (var i = 0; i < acts.Count; i++)
            steps.AddRange(acts[i](windowStart + (i + 0.1 * random.Unit()) * length, length));
        return steps;
    }

    /// <summary>Raid6, and raid1 with three or more copies, keep serving with two members missing.</summary>
    public static bool AllowsTwoMissing(RaidLevel level, int members) =>
        level == RaidLevel.Raid6 || (level == RaidLevel.Raid1 && members >= 3);

    private static IEnumerable<FaultStep> Cycle(double at, double length, int slot, FaultAction fail, FaultAction add, int secondSlot, double rebuildSeconds)
    {
        yield return new FaultStep(at, fail, slot, WhenWhole: true);
        yield return new FaultStep(at + 0.20 * length, FaultAction.Remove, slot, WhenWhole: false);
        var added = at + 0.35 * length;
        yield return new FaultStep(added, add, slot, WhenWhole: false);
        if (secondSlot < 0) yield break;
        // Early in the first rebuild, so it is still running when the second member goes.
        var second = added + Math.Min(0.25 * rebuildSeconds, 0.10 * length);
        yield return new FaultStep(second, FaultAction.FailDuringRebuild, secondSlot, WhenWhole: false);
        yield return new FaultStep(second + 0.10 * length, FaultAction.Remove, secondSlot, WhenWhole: false);
        yield return new FaultStep(second + 0.20 * length, FaultAction.Add, secondSlot, WhenWhole: false);
    }

    private static Func<double, double, IEnumerable<FaultStep>> Single(FaultAction action, int slot) =>
        (at, _) => [new FaultStep(at, action, slot, WhenWhole: true)];

    private static Func<double, double, IEnumerable<FaultStep>> SpareTakeover(int slot) => (at, length) =>
    [
        new FaultStep(at, FaultAction.AddSpare, -1, WhenWhole: true),
        new FaultStep(at + 0.25 * length, FaultAction.Fail, slot, WhenWhole: true),
    ];

    private static Func<double, double, IEnumerable<FaultStep>> CrashLosingAMember(int slot) => (at, length) =>
    [
        new FaultStep(at, FaultAction.Crash, slot, WhenWhole: true),
        new FaultStep(at + 0.3 * length, FaultAction.ReAdd, slot, WhenWhole: false),
    ];

    private static Func<double, double, IEnumerable<FaultStep>> CrashDuringRebuild(int slot, double rebuildSeconds) => (at, length) =>
    [
        new FaultStep(at, FaultAction.Fail, slot, WhenWhole: true),
        new FaultStep(at + 0.15 * length, FaultAction.Remove, slot, WhenWhole: false),
        new FaultStep(at + 0.25 * length, FaultAction.Add, slot, WhenWhole: false),
        // A quarter into the rebuild; with the quiet spell before the power goes, about three quarters
        // in and past a checkpoint or two, so the reassembled set resumes from one.
        new FaultStep(at + 0.25 * length + Math.Min(0.25 * rebuildSeconds, 0.5 * length), FaultAction.Crash, -1, WhenWhole: false),
    ];

    private static int OtherSlot(SplitMix random, int members, int slot) => (slot + 1 + random.Below(members - 1)) % members;

    private static void Shuffle<T>(List<T> items, SplitMix random)
    {
        for (var i = items.Count - 1; i > 0; i--)
        {
            var j = random.Below(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }
}
