namespace Layered.BlockStack.Uring;

/// <summary>
/// A register call marshalled onto the ring thread (IORING_SETUP_SINGLE_ISSUER makes the kernel
/// reject io_uring_register from any other thread with EEXIST). The action captures its arguments
/// by value, so a caller that gives up waiting leaves nothing dangling; a three-state CAS decides
/// whether the ring thread runs it or the caller abandons it, never both.
/// </summary>
internal sealed class RingThreadRequest
{
    private const int Pending = 0;
    private const int Running = 1;
    private const int Finished = 2;

    private readonly Func<Errno> _action;
    private readonly ManualResetEventSlim _done = new();
    private int _state;
    private Errno _result;

    public RingThreadRequest(Func<Errno> action) => _action = action;

    /// <summary>Ring thread: runs the action unless the caller already gave up or it was cancelled.</summary>
    public void Run()
    {
        if (Interlocked.CompareExchange(ref _state, Running, Pending) == Pending)
        {
            Finish(_action());
        }
    }

    /// <summary>Completes the request with <paramref name="error"/> if it has not started.</summary>
    public void Cancel(Errno error)
    {
        if (Interlocked.CompareExchange(ref _state, Running, Pending) == Pending)
        {
            Finish(error);
        }
    }

    /// <summary>Caller: waits for the result; ETIMEDOUT if the ring thread did not start it in time.</summary>
    public Errno Wait(TimeSpan timeout)
    {
        if (!_done.Wait(timeout) && Interlocked.CompareExchange(ref _state, Finished, Pending) == Pending)
        {
            return Errno.ETIMEDOUT;
        }
        // Started before the timeout: the syscall itself is short, so finish waiting for it.
        _done.Wait();
        return _result;
    }

    private void Finish(Errno result)
    {
        _result = result;
        Volatile.Write(ref _state, Finished);
        _done.Set();
    }
}
