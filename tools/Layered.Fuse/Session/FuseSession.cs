using Layered.BlockStack.Uring;
using Layered.Fs;
using Layered.Fuse.Handlers;
using Layered.Fuse.Protocol;
using Layered.Fuse.Session.Uring;
using Microsoft.Extensions.Logging;

namespace Layered.Fuse.Session;

/// <summary>
/// Serves one FUSE connection: worker threads read requests from the channel, the handler for
/// each opcode answers it from the filesystem. The session ends when the channel reports the
/// connection gone; <see cref="StopAsync"/> then releases opens the kernel never released.
/// </summary>
public sealed class FuseSession
{
    /// <summary>How long the io_uring entries get to see the connection end after the workers did.</summary>
    private static readonly TimeSpan s_uringStopTimeout = TimeSpan.FromSeconds(10);

    private readonly IFuseHandler?[] _handlers = FuseHandlerTable.Create();
    private readonly TaskCompletionSource _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _initialized = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _running;
    private FuseConnection? _connection;

    public FuseSession(FileSystem fs, IFuseChannel channel, FuseSessionOptions? options = null)
    {
        Fs = fs;
        Channel = channel;
        Options = options ?? new FuseSessionOptions();
        if (Options.Threads is < 1 or > 256) throw new ArgumentOutOfRangeException(nameof(options), $"{Options.Threads} threads is outside 1..256");
        if (Options.IoUringQueueDepth is < 1 or > 64) throw new ArgumentOutOfRangeException(nameof(options), $"an io_uring queue depth of {Options.IoUringQueueDepth} is outside 1..64");
        if (Options.IoUringPoll < TimeSpan.Zero || Options.IoUringPoll > TimeSpan.FromSeconds(1)) throw new ArgumentOutOfRangeException(nameof(options), $"an io_uring poll window of {Options.IoUringPoll} is outside 0..1 s");
    }

    public FileSystem Fs { get; }
    public IFuseChannel Channel { get; }
    public FuseSessionOptions Options { get; }
    public ILogger? Logger => Options.Logger;
    public NodeTable Nodes { get; } = new();
    public HandleTable Handles { get; } = new();
    public RequestSlots Slots { get; } = new();

    /// <summary>Null until INIT has been answered.</summary>
    public FuseConnection? Connection
    {
        get => Volatile.Read(ref _connection);
        internal set => Volatile.Write(ref _connection, value);
    }

    /// <summary>Completes when every worker has stopped reading (the connection is gone).</summary>
    public Task Completion => _completion.Task;

    /// <summary>Set by DESTROY: the kernel will send nothing more.</summary>
    public bool Destroyed { get; internal set; }

    public void Start()
    {
        if (Interlocked.CompareExchange(ref _running, Options.Threads, 0) != 0) throw new InvalidOperationException("the session is already started");
        for (var i = 0; i < Options.Threads; i++)
        {
            var worker = new FuseWorker(this);
            new Thread(() => RunWorker(worker)) { IsBackground = true, Name = $"fuse-{i}" }.Start();
        }
    }

    private void RunWorker(FuseWorker worker)
    {
        try
        {
            worker.Run();
        }
        finally
        {
            if (Interlocked.Decrement(ref _running) == 0) _ = FinishAsync();
        }
    }

    /// <summary>The io_uring queues, once INIT took them; null on /dev/fuse alone.</summary>
    internal FuseUringTransport? Uring { get; private set; }

    /// <summary>
    /// For INIT: makes the io_uring queues when the session wants them and its channel is a real
    /// /dev/fuse descriptor; false when it should not (or cannot) take io_uring.
    /// </summary>
    internal bool TryPrepareIoUring()
    {
        if (!Options.IoUring || Channel is not DeviceChannel device) return false;
        Uring = FuseUringTransport.TryCreate(this, (int)device.Fd.DangerousGetHandle());
        return Uring is not null;
    }

    /// <summary>
    /// Called by the worker that wrote INIT's reply: the kernel takes io_uring entries only from
    /// then on (it must know the connection's sizes first).
    /// </summary>
    internal void OnInitAnswered()
    {
        if (Connection is { OverIoUring: true }) Uring?.Start();
        else if (Uring is { } unused)
        {
            Uring = null;
            unused.Stop();
        }
        if (Connection is not null && Options.InvalidateAfterDirectWrites)
        {
            var invalidator = new InodeInvalidator(this);
            invalidator.Start();
            Fs.WrittenDirectly += invalidator.Note;
            _invalidator = invalidator;
        }
        _initialized.TrySetResult();
    }

    private InodeInvalidator? _invalidator;

    /// <summary>FUSE_NOTIFY_INVAL_INODE messages the kernel took after direct writes.</summary>
    public long Invalidations => _invalidator?.Sent ?? 0;

    /// <summary>Completes once INIT is answered and the transport it chose is serving.</summary>
    public Task Initialized => _initialized.Task;

    /// <summary>How requests reach us, for status lines: the io_uring queues, or read(2) on /dev/fuse.</summary>
    public string Transport => Uring is { } uring
        ? $"io_uring: {uring.Queues} queues x {Options.IoUringQueueDepth} entries, one thread pinned per CPU, polling {Options.IoUringPoll.TotalMicroseconds:0} us"
        : $"/dev/fuse: {Options.Threads} threads in read(2)";

    /// <summary>Requests answered through io_uring so far (0 on /dev/fuse alone).</summary>
    public long RequestsOverIoUring => Uring?.Served ?? 0;

    /// <summary>The workers saw the connection end; the io_uring entries see it too, then the session is over.</summary>
    private async Task FinishAsync()
    {
        if (_invalidator is { } invalidator)
        {
            Fs.WrittenDirectly -= invalidator.Note;
            await invalidator.StopAsync().ConfigureAwait(false);
        }
        if (Uring is { } uring) await uring.StopAsync(s_uringStopTimeout).ConfigureAwait(false);
        _completion.TrySetResult();
    }

    /// <summary>
    /// Waits (bounded) for the workers to stop, then releases every handle still open: after an
    /// unmount or abort the kernel sends no RELEASE, and an unlinked open file must still be freed.
    /// Returns false if the workers did not stop in time.
    /// </summary>
    public async Task<bool> StopAsync(TimeSpan timeout)
    {
        var stopped = await Task.WhenAny(Completion, Task.Delay(timeout)).ConfigureAwait(false) == Completion;
        if (!stopped) return false;
        foreach (var handle in Handles.DrainAll())
        {
            if (handle.Directory) continue;
            try
            {
                await Fs.ReleaseAsync(handle.Ino).ConfigureAwait(false);
            }
            catch (FsException e)
            {
                Logger?.LogWarning("releasing inode {Ino} after the connection ended failed: {Message}", handle.Ino, e.Message);
            }
        }
        return true;
    }

    /// <summary>Requests of one opcode served so far, over either transport.</summary>
    public long Requests(FuseOpcode opcode) => Slots.Requests(opcode);

    /// <summary>FORGET, BATCH_FORGET and INTERRUPT get no reply, so nothing can interrupt them either.</summary>
    internal static bool IsTracked(FuseOpcode opcode)
        => opcode is not (FuseOpcode.FUSE_FORGET or FuseOpcode.FUSE_BATCH_FORGET or FuseOpcode.FUSE_INTERRUPT);

    /// <summary>
    /// Serves one request to its reply in a context's slot, whichever transport brought it: the
    /// request is counted, tracked for FUSE_INTERRUPT while it runs, and every failure becomes an
    /// errno here, so the returned task never faults.
    /// </summary>
    internal ValueTask<FuseReply> Serve(FuseRequest request, RequestSlot slot)
    {
        var opcode = request.Header.Opcode;
        slot.Count(opcode);
        var tracked = IsTracked(opcode);
        if (tracked)
        {
            slot.Begin(request.Header.Unique);
            if (Slots.TakeEarlyInterrupt(request.Header.Unique)) slot.TryInterrupt(request.Header.Unique);
        }
        request.Interrupted = slot.Token;
        ValueTask<FuseReply> pending;
        try
        {
            pending = Dispatch(request);
        }
        catch (Exception e)
        {
            pending = ValueTask.FromResult(Failed(e, request));
        }
        if (!pending.IsCompletedSuccessfully) return Awaited(pending, request, tracked ? slot : null);
        if (tracked) slot.End();
        return pending;
    }

    private async ValueTask<FuseReply> Awaited(ValueTask<FuseReply> pending, FuseRequest request, RequestSlot? tracked)
    {
        try
        {
            return await pending.ConfigureAwait(false);
        }
        catch (Exception e)
        {
            return Failed(e, request);
        }
        finally
        {
            tracked?.End();
        }
    }

    private FuseReply Failed(Exception e, FuseRequest request)
    {
        var header = request.Header;
        switch (e)
        {
            case FsException fs:
                return FuseReply.Fail(fs.Errno);
            case FuseProtocolException:
                Logger?.LogWarning("malformed FUSE request {Unique} ({Opcode}): {Message}", header.Unique, header.Opcode, e.Message);
                return FuseReply.Fail(Errno.EINVAL);
            case OperationCanceledException when request.Interrupted.IsCancellationRequested:
                return FuseReply.Fail(Errno.EINTR);
            default:
                // A bug of ours must cost one request, never the mount.
                Logger?.LogError(e, "FUSE request {Unique} ({Opcode}) failed", header.Unique, header.Opcode);
                return FuseReply.Fail(Errno.EIO);
        }
    }

    internal ValueTask<FuseReply> Dispatch(FuseRequest request)
    {
        var opcode = request.Header.Opcode;
        // The kernel sends nothing before INIT is answered; a peer that does is broken.
        if (Connection is null && opcode != FuseOpcode.FUSE_INIT) return ValueTask.FromResult(FuseReply.Fail(Errno.EIO));
        var handler = (uint)opcode < (uint)_handlers.Length ? _handlers[(int)opcode] : null;
        return handler is null ? ValueTask.FromResult(FuseReply.Fail(Errno.ENOSYS)) : handler.HandleAsync(this, request);
    }

    /// <summary>Replaces the handler of one opcode; tests use it to hold a request in flight.</summary>
    internal void Override(FuseOpcode opcode, IFuseHandler? handler) => _handlers[(int)opcode] = handler;
}
