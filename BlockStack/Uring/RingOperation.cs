using System.Threading.Tasks.Sources;
using Layered.BlockStack.Uring.Native;

namespace Layered.BlockStack.Uring;

/// <summary>
/// One pooled I/O: the SQE a submitter prepared and the value task source its caller awaits. It
/// returns itself to the pool once the caller has read the result.
/// </summary>
internal sealed class RingOperation : IValueTaskSource<int>
{
    private readonly OperationPool _pool;
    private ManualResetValueTaskSourceCore<int> _core;

    /// <summary>Filled by the submitter; copied into the SQ by the ring thread (user_data is set there).</summary>
    public io_uring_sqe Sqe;

    /// <summary>The second half of a 128-byte SQE (the rest of a URING_CMD's command area), on rings with large entries.</summary>
    public io_uring_sqe_tail CommandTail;

    public RingOperation(OperationPool pool, bool inlineCompletions)
    {
        _pool = pool;
        _core.RunContinuationsAsynchronously = !inlineCompletions;
    }

    public ValueTask<int> AsValueTask() => new(this, _core.Version);

    /// <summary>Publishes the CQE res (bytes or -errno); may run the caller's continuation inline.</summary>
    public void Complete(int res) => _core.SetResult(res);

    public int GetResult(short token)
    {
        int res = _core.GetResult(token);
        _core.Reset();
        _pool.Return(this);
        return res;
    }

    public ValueTaskSourceStatus GetStatus(short token) => _core.GetStatus(token);

    public void OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags)
        => _core.OnCompleted(continuation, state, token, flags);
}
