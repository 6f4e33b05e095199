namespace Layered.Fs.Check;

/// <summary>One inconsistency: its kind (a <see cref="ProblemKind"/> constant), what and where in words, and whether repair can fix it.</summary>
public sealed record FsckProblem(string Kind, string Message, bool Repairable)
{
    public override string ToString() => $"{Kind}: {Message}";
}
