using System.Runtime.CompilerServices;
using Layered.BlockStack;
using Layered.Raid.Layout;
using Layered.Raid.Members;
using Layered.Raid.Tags;

namespace Layered.Raid;

/// <summary>Linear, raid0, raid1 and raid10: every data chunk has one or more plain copies.</summary>
public sealed partial class RaidDevice
{
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<IoResult> ReadCopiesAsync(IoRequest request)
    {
        var pieces = Piece.Split(Layout, request.Sector, request.SectorCount, SectorSize);
        return pieces.Length == 1
            ? await ReadCopyAsync(request, pieces[0]).ConfigureAwait(false)
            : await AllPiecesAsync(request, pieces, ReadCopyAsync).ConfigureAwait(false);
    }

    /// <summary>Runs a piece operation on every piece at once; the first failure wins. Kept apart so single pieces allocate no closure.</summary>
    private static async Task<IoResult> AllPiecesAsync(IoRequest request, Piece[] pieces, Func<IoRequest, Piece, ValueTask<IoResult>> operation)
    {
        var tasks = new Task<IoResult>[pieces.Length];
        for (var i = 0; i < pieces.Length; i++) tasks[i] = operation(request, pieces[i]).AsTask();
        return FirstFailure(await Task.WhenAll(tasks).ConfigureAwait(false));
    }

    /// <summary>Reads a piece from one in-sync copy, trying the others on failure; a copy that failed is rewritten.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<IoResult> ReadCopyAsync(IoRequest request, Piece piece)
    {
        var tags = request.Tag?.Payload as MemberTagTable;
        var memory = request.Memory.Slice(piece.ByteOffset, piece.Sectors * SectorSize);
        var memberSector = Layout.MemberSector(piece.Row, piece.Within);
        var start = (int)((ulong)Interlocked.Increment(ref _readCursor) % (ulong)Layout.Copies);
        List<(RaidMember Member, IoResult Result)>? failed = null;
        for (var i = 0; i < Layout.Copies; i++)
        {
            var member = _slots[Layout.DataSlot(piece.Row, piece.Chunk, (start + i) % Layout.Copies)].Reader(piece.Row);
            if (member is null) continue;
            var result = await MemberIoAsync(member, IoOp.Read, memberSector, memory, tags, request.BufferOffset + piece.ByteOffset).ConfigureAwait(false);
            if (result.IsOk)
            {
                if (failed is not null) await RepairCopiesAsync(piece, member, failed).ConfigureAwait(false);
                return IoResult.Ok;
            }
            (failed ??= []).Add((member, result));
        }
        foreach (var (member, result) in failed ?? [])
            if (result.Status == IoStatus.DeviceGone) FailMember(member, "device gone");
        return IoResult.Fail(failed is { Count: > 0 } ? failed[0].Result.Status : IoStatus.IoError, ArraySector(piece));
    }

    /// <summary>
    /// Rewrites copies that failed a read from a copy that succeeded, under the row lock so a
    /// concurrent write cannot be overtaken. A copy that takes the rewrite stays; one that
    /// does not (or is gone) fails.
    /// </summary>
    private async Task RepairCopiesAsync(Piece piece, RaidMember good, List<(RaidMember Member, IoResult Result)> failed)
    {
        using var rowLock = await _rowLocks.LockAsync(piece.Row, piece.Row + 1).ConfigureAwait(false);
        var scratch = _scratch.Rent();
        try
        {
            var memory = scratch.Memory[..(piece.Sectors * SectorSize)];
            var memberSector = Layout.MemberSector(piece.Row, piece.Within);
            var reread = await MemberIoAsync(good, IoOp.Read, memberSector, memory, null, 0).ConfigureAwait(false);
            foreach (var (member, result) in failed)
            {
                if (result.Status == IoStatus.DeviceGone || !reread.IsOk) { FailMember(member, $"read failed: {result}"); continue; }
                var rewrite = await MemberIoAsync(member, IoOp.Write, memberSector, memory, null, 0).ConfigureAwait(false);
                if (!rewrite.IsOk) { FailMember(member, $"read failed ({result}) and the rewrite failed ({rewrite})"); continue; }
                Counters.ReadErrorRepaired();
                Record(RaidEventKind.ReadErrorRepaired, member, $"sectors {memberSector}+{piece.Sectors}");
            }
        }
        finally
        {
            _scratch.Return(scratch);
        }
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<IoResult> WriteCopiesAsync(IoRequest request)
    {
        var pieces = Piece.Split(Layout, request.Sector, request.SectorCount, SectorSize);
        // A single copy has no redundancy to keep consistent, so it needs no row lock.
        using var rowLock = Layout.Copies > 1
            ? await _rowLocks.LockAsync(pieces[0].Row, pieces[^1].Row + 1).ConfigureAwait(false)
            : default;
        return pieces.Length == 1
            ? await WriteCopyAsync(request, pieces[0]).ConfigureAwait(false)
            : await AllPiecesAsync(request, pieces, WriteCopyAsync).ConfigureAwait(false);
    }

    /// <summary>Writes a piece to every writable copy; it succeeds when at least one copy took it.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<IoResult> WriteCopyAsync(IoRequest request, Piece piece)
    {
        var tags = request.Tag?.Payload as MemberTagTable;
        var memory = request.Memory.Slice(piece.ByteOffset, piece.Sectors * SectorSize);
        var memberSector = Layout.MemberSector(piece.Row, piece.Within);
        var targets = new RaidMember?[Layout.Copies * 2];
        var count = 0;
        for (var copy = 0; copy < Layout.Copies; copy++)
            count += _slots[Layout.DataSlot(piece.Row, piece.Chunk, copy)].Writers(targets.AsSpan(count));
        if (count == 0) return IoResult.Fail(IoStatus.IoError, ArraySector(piece));

        var bufferOffset = request.BufferOffset + piece.ByteOffset;
        if (count == 1)
        {
            var single = await MemberIoAsync(targets[0]!, IoOp.Write, memberSector, memory, tags, bufferOffset, request.Flags).ConfigureAwait(false);
            if (!single.IsOk && (Layout.Copies > 1 || single.Status == IoStatus.DeviceGone)) OnMemberWriteFailed(targets[0]!, single);
            return single.IsOk ? IoResult.Ok : IoResult.Fail(single.Status, ArraySector(piece));
        }
        var writes = new Task<IoResult>[count];
        for (var i = 0; i < count; i++)
            writes[i] = MemberIoAsync(targets[i]!, IoOp.Write, memberSector, memory, tags, bufferOffset, request.Flags).AsTask();
        var results = await Task.WhenAll(writes).ConfigureAwait(false);
        var landed = 0;
        for (var i = 0; i < count; i++)
        {
            if (results[i].IsOk) landed++;
            else OnMemberWriteFailed(targets[i]!, results[i]);
        }
        return landed > 0 ? IoResult.Ok : IoResult.Fail(IoStatus.IoError, ArraySector(piece));
    }

    private async ValueTask<IoResult> DiscardCopiesAsync(IoRequest request)
    {
        if (Layout.ParityChunks > 0) return IoResult.Fail(IoStatus.NotSupported, request.Sector);
        using var rowLock = await _rowLocks.LockAsync(Layout.Locate(request.Sector).Row, Layout.Locate(request.Sector + request.SectorCount - 1).Row + 1).ConfigureAwait(false);
        var tasks = new List<Task<IoResult>>();
        for (long done = 0; done < request.SectorCount;)
        {
            var (row, chunk, within) = Layout.Locate(request.Sector + done);
            var take = Math.Min(request.SectorCount - done, Layout.ChunkSectors - within);
            for (var copy = 0; copy < Layout.Copies; copy++)
                if (_slots[Layout.DataSlot(row, chunk, copy)].Member is { IsWritable: true } member)
                    tasks.Add(member.Device.DiscardAsync(Layout.MemberSector(row, within), take).AsTask());
            done += take;
        }
        var results = await Task.WhenAll(tasks).ConfigureAwait(false);
        return results.FirstOrDefault(r => !r.IsOk && r.Status != IoStatus.NotSupported);
    }

    private long ArraySector(Piece piece) => Layout.ArraySector(piece.Row, piece.Chunk) + piece.Within;

    private static IoResult FirstFailure(IoResult[] results)
    {
        foreach (var result in results)
            if (!result.IsOk) return result;
        return IoResult.Ok;
    }
}
