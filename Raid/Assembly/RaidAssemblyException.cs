using Layered.Raid.Metadata;

namespace Layered.Raid.Assembly;

/// <summary>Assembly was refused; the message names the members and why.</summary>
public sealed class RaidAssemblyException(AssemblyPlan plan)
    : InvalidOperationException(Describe(plan))
{
    public AssemblyPlan Plan { get; } = plan;

    private static string Describe(AssemblyPlan plan)
    {
        var lines = new List<string> { plan.Error ?? "the set cannot start" };
        lines.AddRange(plan.Refused.Select(r => $"  refused {r.Device}: {r.Reason}"));
        return string.Join(Environment.NewLine, lines);
    }
}
