namespace Layered.Raid.Journal;

/// <summary>
/// Journaled writes share the gate; a barrier takes it alone. While a barrier waits, new
/// writers wait too, so the barrier cannot starve; it sees every earlier write finish.
/// </summary>
internal sealed class JournalGate
{
    private readonly SemaphoreSlim _exclusive = new(1, 1);
    private BlockStack.DrainGate _gate = new();
    private TaskCompletionSource _reopened = NewOpen();

    public async ValueTask<IDisposable> EnterAsync()
    {
        while (true)
        {
            var gate = Volatile.Read(ref _gate);
            if (gate.TryEnter()) return new Lease(gate);
            await Volatile.Read(ref _reopened).Task.ConfigureAwait(false);
        }
    }

    /// <summary>Runs <paramref name="barrier"/> with no journaled write in flight and none starting.</summary>
    public async Task ExclusiveAsync(Func<Task> barrier)
    {
        await _exclusive.WaitAsync().ConfigureAwait(false);
        var reopened = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Volatile.Write(ref _reopened, reopened);
        try
        {
            await Volatile.Read(ref _gate).CloseAndDrainAsync().ConfigureAwait(false);
            await barrier().ConfigureAwait(false);
        }
        finally
        {
            Volatile.Write(ref _gate, new BlockStack.DrainGate());
            reopened.SetResult();
            _exclusive.Release();
        }
    }

    private static TaskCompletionSource NewOpen()
    {
        var open = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        open.SetResult();
        return open;
    }

    private sealed class Lease(BlockStack.DrainGate gate) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0) gate.Exit();
        }
    }
}
