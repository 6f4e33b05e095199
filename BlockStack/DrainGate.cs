namespace Layered.BlockStack;

/// <summary>
/// Counts operations in flight and can be closed: once closed, no new operation enters, and
/// <see cref="CloseAndDrainAsync"/> completes when the last one leaves. Tags use it for
/// unmap and invalidate; devices use it for dispose.
/// </summary>
/// <remarks>
/// The closed flag and the count share one word, so "stop new entries" and "count entries"
/// cannot race: bit 62 is the flag and the low 40 bits are the count.
/// </remarks>
public sealed class DrainGate
{
    private const long ClosedBit = 1L << 62;
    private const long CountMask = (1L << 40) - 1;

    private long _word;
    private TaskCompletionSource? _drained;

    public bool IsClosed => (Volatile.Read(ref _word) & ClosedBit) != 0;

    public int Count => (int)(Volatile.Read(ref _word) & CountMask);

    public bool TryEnter()
    {
        var word = Volatile.Read(ref _word);
        while (true)
        {
            if ((word & ClosedBit) != 0) return false;
            var seen = Interlocked.CompareExchange(ref _word, word + 1, word);
            if (seen == word) return true;
            word = seen;
        }
    }

    public void Exit()
    {
        var word = Interlocked.Decrement(ref _word);
        System.Diagnostics.Debug.Assert((word & CountMask) != CountMask, "in-flight count went negative");
        // Interlocked ops are full fences: a closer's _drained store is visible to whoever sees the flag.
        if (word == ClosedBit) Volatile.Read(ref _drained)?.TrySetResult();
    }

    /// <summary>Closes the gate at once; the task completes when everything in flight has left.</summary>
    public Task CloseAndDrainAsync()
    {
        if (Volatile.Read(ref _drained) == null)
            Interlocked.CompareExchange(ref _drained, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously), null);
        var drained = _drained!;
        if ((Interlocked.Or(ref _word, ClosedBit) | ClosedBit) == ClosedBit) drained.TrySetResult();
        return drained.Task;
    }
}
