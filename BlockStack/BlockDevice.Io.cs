using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Layered.BlockStack.Tags;

namespace Layered.BlockStack;

public abstract partial class BlockDevice
{
    public unsafe ValueTask<IoResult> ReadAsync(long sector, Memory<byte> buffer)
    {
        var sectors = CheckTransfer(sector, buffer.Length, nameof(buffer));
        var pin = buffer.Pin();
        return IssuePinned(new IoRequest(IoOp.Read, sector, sectors, (nint)pin.Pointer, null, WriteFlags.None, buffer), pin);
    }

    public unsafe ValueTask<IoResult> WriteAsync(long sector, ReadOnlyMemory<byte> buffer, WriteFlags flags = WriteFlags.None)
    {
        var sectors = CheckTransfer(sector, buffer.Length, nameof(buffer));
        var pin = buffer.Pin();
        return IssuePinned(new IoRequest(IoOp.Write, sector, sectors, (nint)pin.Pointer, null, flags, MemoryMarshal.AsMemory(buffer)), pin);
    }

    public ValueTask<IoResult> ReadTaggedAsync(DeviceTag tag, long bufferOffset, long sector, int sectorCount) =>
        IssueTagged(IoOp.Read, tag, bufferOffset, sector, sectorCount, WriteFlags.None);

    public ValueTask<IoResult> WriteTaggedAsync(DeviceTag tag, long bufferOffset, long sector, int sectorCount, WriteFlags flags = WriteFlags.None) =>
        IssueTagged(IoOp.Write, tag, bufferOffset, sector, sectorCount, flags);

    public ValueTask<IoResult> FlushAsync()
    {
        EnterDevice();
        return Issue(new IoRequest(IoOp.Flush, 0, 0, 0, null, WriteFlags.None), default);
    }

    public ValueTask<IoResult> DiscardAsync(long sector, long sectorCount)
    {
        CheckRange(sector, sectorCount);
        EnterDevice();
        return Issue(new IoRequest(IoOp.Discard, sector, sectorCount, 0, null, WriteFlags.None), default);
    }

    private ValueTask<IoResult> IssuePinned(IoRequest request, MemoryHandle pin)
    {
        try
        {
            CheckAddress(request.Address);
            EnterDevice();
        }
        catch
        {
            pin.Dispose();
            throw;
        }
        return Issue(request, pin);
    }

    private ValueTask<IoResult> IssueTagged(IoOp op, DeviceTag tag, long bufferOffset, long sector, int sectorCount, WriteFlags flags)
    {
        CheckTransfer(sector, (long)sectorCount * SectorSize, nameof(sectorCount));
        CheckTag(tag, bufferOffset, sectorCount);
        EnterDevice();
        // A revoked tag never reaches the device, so a fenced holder cannot touch freed blocks.
        if (!tag.TryEnter())
        {
            _gate.Exit();
            return new(IoResult.Fail(IoStatus.TagRevoked, sector));
        }
        var memory = tag.Buffer.Memory.Slice((int)bufferOffset, sectorCount * SectorSize);
        return Issue(new IoRequest(op, sector, sectorCount, tag.Buffer.Address + (nint)bufferOffset, tag, flags, memory), default);
    }

    /// <summary>Runs a request that holds the device gate (and its tag, if any); releases both when done.</summary>
    private ValueTask<IoResult> Issue(IoRequest request, MemoryHandle pin)
    {
        ValueTask<IoResult> pending;
        try
        {
            pending = ExecuteAsync(request);
        }
        catch
        {
            Release(request, pin);
            throw;
        }
        if (pending.IsCompletedSuccessfully)
        {
            var result = pending.Result;
            if (result.Status != IoStatus.Transient || _retry is null)
            {
                Release(request, pin);
                return new(result);
            }
        }
        return AwaitAndRetryAsync(pending, request, pin);
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<IoResult> AwaitAndRetryAsync(ValueTask<IoResult> pending, IoRequest request, MemoryHandle pin)
    {
        try
        {
            var result = await pending.ConfigureAwait(false);
            if (result.Status == IoStatus.Transient && _retry is not null)
            {
                // Polly's first execution replays the attempt already made, so the retry count
                // and its delays are exactly the pipeline's: 1 + MaxRetries attempts in all.
                var firstAttempt = new StrongBox<IoResult?>(result);
                result = await _retry.ExecuteAsync(
                    static (state, _) =>
                    {
                        if (state.First.Value is not { } known) return state.Self.ExecuteAsync(state.Request);
                        state.First.Value = null;
                        return new ValueTask<IoResult>(known);
                    },
                    (Self: this, Request: request, First: firstAttempt)).ConfigureAwait(false);
            }
            return result;
        }
        finally
        {
            Release(request, pin);
        }
    }

    private void Release(IoRequest request, MemoryHandle pin)
    {
        pin.Dispose();
        request.Tag?.Exit();
        _gate.Exit();
    }
}
