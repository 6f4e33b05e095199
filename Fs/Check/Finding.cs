namespace Layered.Fs.Check;

/// <summary>A problem and, when it can be fixed safely, the repair that fixes it.</summary>
internal sealed record Finding(FsckProblem Problem, RepairAction? Fix);
