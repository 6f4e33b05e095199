namespace Layered.Fs.Locking;

/// <summary>
/// Many readers or one writer, awaited without blocking a thread. A waiting writer stops new
/// readers from entering, so a stream of reads cannot starve it. Continuations run outside the
/// lock (RunContinuationsAsynchronously), and a cancelled waiter is skipped when its turn comes.
/// </summary>
public sealed class AsyncReaderWriterLock
{
    private readonly object _gate = new();
    private readonly Queue<Waiter> _writers = new();
    private readonly Queue<Waiter> _readers = new();
    private int _activeReaders;
    private bool _writerActive;

    public ValueTask<Releaser> ReadAsync(CancellationToken ct) => EnterAsync(write: false, ct);

    public ValueTask<Releaser> WriteAsync(CancellationToken ct) => EnterAsync(write: true, ct);

    private ValueTask<Releaser> EnterAsync(bool write, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        Waiter waiter;
        lock (_gate)
        {
            if (write && !_writerActive && _activeReaders == 0)
            {
                _writerActive = true;
                return ValueTask.FromResult(new Releaser(this, write: true));
            }
            if (!write && !_writerActive && _writers.Count == 0)
            {
                _activeReaders++;
                return ValueTask.FromResult(new Releaser(this, write: false));
            }
            waiter = new Waiter(write);
            (write ? _writers : _readers).Enqueue(waiter);
        }
        return waiter.WaitAsync(this, ct);
    }

    private void Exit(bool write)
    {
        lock (_gate)
        {
            if (write) _writerActive = false;
            else _activeReaders--;
            if (_writerActive || _activeReaders > 0) return;
            while (_writers.TryDequeue(out var next))
            {
                if (!next.TryGrant()) continue;
                _writerActive = true;
                return;
            }
            while (_readers.TryDequeue(out var next))
            {
                if (!next.TryGrant()) continue;
                _activeReaders++;
            }
        }
    }

    public readonly struct Releaser(AsyncReaderWriterLock owner, bool write) : IDisposable
    {
        public void Dispose() => owner?.Exit(write);
    }

    private sealed class Waiter(bool write)
    {
        private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

        /// <summary>False when the waiter was cancelled first; the lock then passes it over.</summary>
        public bool TryGrant() => _ready.TrySetResult();

        public async ValueTask<Releaser> WaitAsync(AsyncReaderWriterLock owner, CancellationToken ct)
        {
            using (ct.Register(() => _ready.TrySetCanceled(ct)))
                await _ready.Task.ConfigureAwait(false);
            return new Releaser(owner, write);
        }
    }
}
