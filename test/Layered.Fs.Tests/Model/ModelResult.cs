namespace Layered.Fs.Tests.Model;

/// <summary>How one model run ended: the index of the operation that diverged (-1 when none), why, and the operations run.</summary>
internal sealed record ModelResult(int FailedAt, string Message, IReadOnlyList<string> Log)
{
    public bool Passed => FailedAt < 0;
}
