namespace Layered.BlockStack.Simulation;

/// <summary>One fault that fired: which operation, where, and what happened.</summary>
public readonly record struct FaultEvent(long OpIndex, IoOp Op, long Sector, FaultKind Kind, long Detail = 0)
{
    public override string ToString() => $"op {OpIndex} {Op} @{Sector}: {Kind}" + (Detail != 0 ? $" ({Detail})" : "");
}
