using System.Runtime.InteropServices;

namespace Layered.Cli.Lifetime;

/// <summary>
/// Turns the first SIGINT, SIGTERM or SIGHUP into cancellation, so a command unwinds through its
/// finally blocks (unmounting, detaching loop devices) instead of dying with them undone. A second
/// signal is left to its default action, so an impatient user can still kill the process.
/// </summary>
internal sealed class TerminationSignals : IDisposable
{
    private readonly CancellationTokenSource _cancel;
    private readonly PosixSignalRegistration[] _registrations;
    private int _received;

    public TerminationSignals(CancellationToken outer)
    {
        _cancel = CancellationTokenSource.CreateLinkedTokenSource(outer);
        _registrations = [.. new[] { PosixSignal.SIGINT, PosixSignal.SIGTERM, PosixSignal.SIGHUP }.Select(s => PosixSignalRegistration.Create(s, OnSignal))];
    }

    public CancellationToken Token => _cancel.Token;

    private void OnSignal(PosixSignalContext context)
    {
        if (Interlocked.Increment(ref _received) > 1) return;
        context.Cancel = true;
        Console.Error.WriteLine($"layered: {context.Signal}: stopping and cleaning up (send it again to kill)");
        _cancel.Cancel();
    }

    public void Dispose()
    {
        foreach (var registration in _registrations) registration.Dispose();
        _cancel.Dispose();
    }
}
