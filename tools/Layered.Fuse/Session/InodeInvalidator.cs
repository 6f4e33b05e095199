using System.Runtime.InteropServices;
using Layered.BlockStack.Uring;
using Layered.Fuse.Protocol;
using Microsoft.Extensions.Logging;

namespace Layered.Fuse.Session;

/// <summary>
/// Tells the kernel to forget what it caches of files a direct I/O session wrote behind the
/// mount (FUSE_NOTIFY_INVAL_INODE: attributes, and the pages of the written range), so `stat`
/// and buffered reads through the mount see the new size and bytes at once instead of after the
/// attribute timeout. Writes are noted on the writer's thread and coalesced per file; one thread
/// sends, because a notification may wait in the kernel for page locks that requests we are still
/// serving hold. Files the kernel does not know (no lookups outstanding) are skipped.
/// </summary>
internal sealed class InodeInvalidator
{
    private readonly FuseSession _session;
    private readonly Lock _lock = new();
    private readonly SemaphoreSlim _signal = new(0);
    private readonly CancellationTokenSource _stop = new();
    private Dictionary<ulong, (long Start, long End)> _pending = [];
    private readonly TaskCompletionSource _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _sent;

    public InodeInvalidator(FuseSession session) => _session = session;

    /// <summary>Notifications the kernel took.</summary>
    public long Sent => Interlocked.Read(ref _sent);

    /// <summary>Starts the sending thread: a notification may block in write(2), so it gets a thread of its own, not a pool thread.</summary>
    public void Start() => new Thread(Run) { IsBackground = true, Name = "fuse-invalidate" }.Start();

    /// <summary>Notes a write of [offset, offset + length); cheap, never blocks.</summary>
    public void Note(ulong ino, long offset, long length)
    {
        if (_session.Nodes.LookupCount(ino) == 0) return;
        bool first;
        lock (_lock)
        {
            first = _pending.Count == 0;
            _pending[ino] = _pending.TryGetValue(ino, out var range)
                ? (Math.Min(range.Start, offset), Math.Max(range.End, offset + length))
                : (offset, offset + length);
        }
        if (first) _signal.Release();
    }

    public async Task StopAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _stopped.Task.ConfigureAwait(false);
    }

    private void Run()
    {
        try
        {
            while (true)
            {
                _signal.Wait(_stop.Token);
                Dictionary<ulong, (long Start, long End)> batch;
                lock (_lock)
                {
                    batch = _pending;
                    _pending = [];
                }
                foreach (var (ino, range) in batch)
                    if (!Send(ino, range.Start, range.End - range.Start)) return;
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
        }
        finally
        {
            _stopped.TrySetResult();
        }
    }

    /// <summary>Sends one notification; false once the connection is gone.</summary>
    private bool Send(ulong ino, long offset, long length)
    {
        Span<byte> message = stackalloc byte[FuseOutHeader.Size + FuseNotifyInvalInodeOut.Size];
        MemoryMarshal.Write(message, new FuseOutHeader { Len = (uint)message.Length, Error = FuseNotifyInvalInodeOut.Code, Unique = 0 });
        MemoryMarshal.Write(message[FuseOutHeader.Size..], new FuseNotifyInvalInodeOut { Ino = ino, Off = offset, Len = length });
        switch (_session.Channel.Write(message))
        {
            case Errno.Success:
                Interlocked.Increment(ref _sent);
                return true;
            case Errno.ENOENT:
                // The kernel dropped the inode meanwhile: nothing cached to forget.
                return true;
            case Errno.ENODEV:
                return false;
            case var errno:
                _session.Logger?.LogWarning("telling the kernel to forget inode {Ino} [{Offset}, +{Length}) failed: {Errno}", ino, offset, length, errno);
                return true;
        }
    }
}
