namespace Layered.BlockStack.Simulation;

/// <summary>What a simulated crash did to the unflushed writes in the volatile cache.</summary>
public readonly record struct CrashReport(int Persisted, int Lost, int Torn)
{
    public override string ToString() => $"crash: {Persisted} unflushed write(s) persisted, {Lost} lost, {Torn} torn";
}
