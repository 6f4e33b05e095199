using System.Runtime.InteropServices;
using Layered.BlockStack.Uring;
using Layered.Fs;
using Layered.Fuse.Protocol;
using Microsoft.Extensions.Logging;

namespace Layered.Fuse.Session;

/// <summary>
/// One serving thread: reads a request into its own pinned buffer, serves it to completion, writes
/// the reply from its own pinned buffer, and reads the next. A worker serves one request at a
/// time, so the session's concurrency is its thread count.
/// </summary>
internal sealed class FuseWorker
{
    private readonly FuseSession _session;
    private readonly byte[] _requestBuffer = GC.AllocateArray<byte>(FuseLimits.BufferBytes, pinned: true);
    private readonly byte[] _replyBuffer = GC.AllocateArray<byte>(FuseLimits.BufferBytes, pinned: true);
    private readonly FuseRequest _request = new();
    private readonly RequestSlot _slot;

    public FuseWorker(FuseSession session)
    {
        _session = session;
        _slot = session.Slots.Add();
    }

    public void Run()
    {
        while (true)
        {
            int length;
            try
            {
                length = _session.Channel.Read(_requestBuffer);
            }
            catch (Exception e)
            {
                _session.Logger?.LogError(e, "reading a FUSE request failed; this worker stops");
                return;
            }
            if (length == 0) return;
            Serve(length);
        }
    }

    private void Serve(int length)
    {
        var message = _requestBuffer.AsSpan(0, length);
        // The unique id sits at bytes 8..16; without it there is nobody to answer.
        if (length < FuseOutHeader.Size)
        {
            _session.Logger?.LogWarning("dropped a {Length}-byte FUSE request: too short to carry a unique id", length);
            return;
        }
        var unique = MemoryMarshal.Read<ulong>(message[8..]);
        if (length < FuseInHeader.Size) { Reply(unique, FuseReply.Fail(Errno.EINVAL)); return; }
        var header = MemoryMarshal.Read<FuseInHeader>(message);
        if (header.Len != length || header.TotalExtlen != 0)
        {
            _session.Logger?.LogWarning("FUSE request {Unique} ({Opcode}) says {Len} bytes but {Length} arrived", unique, header.Opcode, header.Len, length);
            Reply(unique, FuseReply.Fail(Errno.EINVAL));
            return;
        }
        _request.Header = header;
        _request.Body = _requestBuffer.AsMemory(FuseInHeader.Size, length - FuseInHeader.Size);
        _request.Payload = _replyBuffer.AsMemory(FuseOutHeader.Size);
        var pending = _session.Serve(_request, _slot);
        var reply = pending.IsCompleted ? pending.Result : pending.AsTask().GetAwaiter().GetResult();
        if (!reply.Silent) Reply(unique, reply);
        if (header.Opcode == FuseOpcode.FUSE_INIT) _session.OnInitAnswered();
    }

    private void Reply(ulong unique, FuseReply reply)
    {
        var length = FuseOutHeader.Size + (reply.Error == Errno.Success ? reply.PayloadBytes : 0);
        var header = new FuseOutHeader { Len = (uint)length, Error = reply.Error.ToResult(), Unique = unique };
        MemoryMarshal.Write(_replyBuffer, in header);
        var result = _session.Channel.Write(_replyBuffer.AsSpan(0, length));
        // ENOENT: the kernel gave up on this request (interrupted); ENODEV: the connection is gone.
        if (result is not (Errno.Success or Errno.ENOENT or Errno.ENODEV))
            _session.Logger?.LogError("writing the reply to FUSE request {Unique} failed: {Errno}", unique, result);
    }
}
