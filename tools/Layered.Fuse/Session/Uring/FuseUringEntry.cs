using System.Runtime.InteropServices;
using Layered.BlockStack.Buffers;
using Layered.BlockStack.Uring;
using Layered.Fuse.Protocol;
using Microsoft.Extensions.Logging;

namespace Layered.Fuse.Session.Uring;

/// <summary>
/// One FUSE-over-io_uring entry: a header buffer and a payload buffer the kernel copies a request
/// into, and this entry's loop, which serves that request and commits the reply in the same
/// command that fetches the next one. Its memory, one native region:
/// <code>
/// [0, 288)         fuse_uring_req_header (in/out header, first argument, ent_in_out)
/// [288, 320)       the two iovecs a REGISTER/COMMIT names
/// [4096-n, 4096)   the first argument, copied here so the request body is contiguous
/// [4096, ...)      the payload: the other arguments, then the reply
/// </code>
/// </summary>
internal sealed class FuseUringEntry : IDisposable
{
    private const int IovecOffset = FuseUringReqHeader.Size;
    private const int PayloadOffset = 4096;

    /// <summary>
    /// The largest reply to a request that carries payload (whose own bytes occupy the payload
    /// buffer while it is served): a GETXATTR value, at most XATTR_SIZE_MAX.
    /// </summary>
    private const int SpareReplyBytes = 64 * 1024 + 4096;

    /// <summary>Commits refused for a reason other than the connection ending, before the entry gives up.</summary>
    private const int MaxRefusedCommits = 1000;

    private readonly FuseSession _session;
    private readonly Ring _ring;
    private readonly int _fd;
    private readonly ushort _qid;
    private readonly int _payloadCapacity;
    private readonly nint _memory;
    private readonly NativeMemoryManager _region;
    private readonly byte[] _spareReply = GC.AllocateArray<byte>(SpareReplyBytes, pinned: true);
    private readonly FuseRequest _request = new();
    private readonly RequestSlot _slot;

    public unsafe FuseUringEntry(FuseSession session, Ring ring, int fd, ushort qid, int payloadCapacity)
    {
        _session = session;
        _ring = ring;
        _fd = fd;
        _qid = qid;
        _payloadCapacity = payloadCapacity;
        _slot = session.Slots.Add();
        var bytes = PayloadOffset + payloadCapacity;
        var memory = (byte*)NativeMemory.AlignedAlloc((nuint)bytes, 4096);
        _memory = (nint)memory;
        _region = new NativeMemoryManager(memory, bytes);
        Bytes(0, PayloadOffset).Clear();
        var iov = MemoryMarshal.Cast<byte, IoVector>(Bytes(IovecOffset, 2 * sizeof(IoVector)));
        iov[0] = new IoVector(_memory, FuseUringReqHeader.Size);
        iov[1] = new IoVector(_memory + PayloadOffset, payloadCapacity);
    }

    public ushort Qid => _qid;

    /// <summary>Requests this entry has begun serving.</summary>
    public long Served => _slot.Served;

    /// <summary>struct iovec.</summary>
    private readonly record struct IoVector(nint Base, nint Length);

    /// <summary>
    /// Registers the entry and serves until the connection ends. Returns the result that ended it:
    /// -ENOTCONN or -ECONNABORTED when the connection went away, another -errno when the kernel
    /// refused the entry.
    /// </summary>
    public async Task<int> RunAsync()
    {
        var result = await Command(FuseUringCommand.FUSE_IO_URING_CMD_REGISTER, 0).ConfigureAwait(false);
        if (result != 0) return result;
        for (var refused = 0; ; refused++)
        {
            while (result == 0)
            {
                var unique = await ServeAsync().ConfigureAwait(false);
                result = await Command(FuseUringCommand.FUSE_IO_URING_CMD_COMMIT_AND_FETCH, unique).ConfigureAwait(false);
            }
            if (result is -(int)Errno.ENOTCONN or -(int)Errno.ECONNABORTED or -(int)Errno.ECANCELED || refused == MaxRefusedCommits) return result;
            // The kernel no longer knew the request (it was withdrawn) and the entry went with it:
            // hand in a fresh one.
            _session.Logger?.LogWarning("FUSE io_uring queue {Qid}: a commit was refused ({Errno}); registering the entry again", _qid, (Errno)(-result));
            result = await Command(FuseUringCommand.FUSE_IO_URING_CMD_REGISTER, 0).ConfigureAwait(false);
        }
    }

    private unsafe ValueTask<int> Command(FuseUringCommand command, ulong commitId)
    {
        var request = new FuseUringCmdReq { CommitId = commitId, Qid = _qid };
        return _ring.UringCommandAsync(_fd, (uint)command, (void*)(_memory + IovecOffset), 2, MemoryMarshal.AsBytes(new ReadOnlySpan<FuseUringCmdReq>(in request)));
    }

    /// <summary>Serves the request the kernel put in this entry and leaves the reply for the commit; returns its unique id.</summary>
    private async ValueTask<ulong> ServeAsync()
    {
        var header = MemoryMarshal.Read<FuseInHeader>(Bytes(FuseUringReqHeader.InOutOffset, FuseInHeader.Size));
        var unique = header.Unique;
        if (!TryFrame(header, out var bodyStart, out var bodyLength))
        {
            Seal(unique, FuseReply.Fail(Errno.EINVAL));
            return unique;
        }
        // A reply goes straight into the payload buffer unless the request's own bytes are there.
        var inPlace = bodyStart + bodyLength <= PayloadOffset;
        _request.Header = header;
        _request.Body = _region.Memory.Slice(bodyStart, bodyLength);
        _request.Payload = inPlace ? _region.Memory.Slice(PayloadOffset, _payloadCapacity) : _spareReply;
        var reply = await _session.Serve(_request, _slot).ConfigureAwait(false);
        if (reply.Silent)
        {
            // Only FORGET and INTERRUPT go unanswered, and the kernel sends those through /dev/fuse.
            _session.Logger?.LogWarning("FUSE request {Unique} ({Opcode}) came through io_uring but has no reply; answering EIO", unique, header.Opcode);
            reply = FuseReply.Fail(Errno.EIO);
        }
        if (!inPlace && reply.Error == Errno.Success) _spareReply.AsSpan(0, reply.PayloadBytes).CopyTo(Bytes(PayloadOffset, _payloadCapacity));
        Seal(unique, reply);
        return unique;
    }

    /// <summary>
    /// Makes the request body contiguous: the first argument (in the header buffer) is copied to
    /// just before the other arguments (in the payload buffer). The in-header's length counts all
    /// of them; the ring's payload size, all but the first.
    /// </summary>
    private bool TryFrame(in FuseInHeader header, out int bodyStart, out int bodyLength)
    {
        var ring = MemoryMarshal.Read<FuseUringEntInOut>(Bytes(FuseUringReqHeader.EntInOutOffset, FuseUringEntInOut.Size));
        long payloadBytes = ring.PayloadSz;
        var firstArgument = (long)header.Len - FuseInHeader.Size - payloadBytes;
        if (firstArgument is < 0 or > FuseUringReqHeader.OpInSize || payloadBytes > _payloadCapacity || header.TotalExtlen != 0)
        {
            _session.Logger?.LogWarning("FUSE request {Unique} ({Opcode}) through io_uring says {Len} bytes with {Payload} of payload", header.Unique, header.Opcode, header.Len, payloadBytes);
            bodyStart = bodyLength = 0;
            return false;
        }
        bodyStart = PayloadOffset - (int)firstArgument;
        bodyLength = (int)(firstArgument + payloadBytes);
        Bytes(FuseUringReqHeader.OpInOffset, (int)firstArgument).CopyTo(Bytes(bodyStart, (int)firstArgument));
        return true;
    }

    /// <summary>Writes the out-header and the reply's payload size where the commit reads them.</summary>
    private void Seal(ulong unique, FuseReply reply)
    {
        var bytes = reply.Error == Errno.Success ? reply.PayloadBytes : 0;
        var header = new FuseOutHeader { Len = (uint)(FuseOutHeader.Size + bytes), Error = reply.Error.ToResult(), Unique = unique };
        MemoryMarshal.Write(Bytes(FuseUringReqHeader.InOutOffset, FuseOutHeader.Size), in header);
        var ring = new FuseUringEntInOut { PayloadSz = (uint)bytes };
        MemoryMarshal.Write(Bytes(FuseUringReqHeader.EntInOutOffset, FuseUringEntInOut.Size), in ring);
    }

    private Span<byte> Bytes(int offset, int length) => _region.GetSpan().Slice(offset, length);

    /// <summary>Frees the entry's memory; only once the kernel can no longer write it (its ring is closed).</summary>
    public unsafe void Dispose() => NativeMemory.AlignedFree((void*)_memory);
}
