using System.Runtime.CompilerServices;
using Layered.BlockStack;
using Layered.BlockStack.Tags;
using Layered.Raid.Members;
using Layered.Raid.Tags;

namespace Layered.Raid;

public sealed partial class RaidDevice
{
    /// <summary>
    /// One member I/O. With a live member tag for this member it goes out tagged; otherwise
    /// (no tag yet, a device that cannot pre-map, scratch memory) through the plain path
    /// from the same memory. A member being removed answers DeviceGone.
    /// </summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<IoResult> MemberIoAsync(RaidMember member, IoOp op, long memberSector, Memory<byte> memory,
        MemberTagTable? tags, long bufferOffset, WriteFlags flags = WriteFlags.None)
    {
        if (!member.Gate.TryEnter()) return IoResult.Fail(IoStatus.DeviceGone, memberSector);
        try
        {
            var sectors = memory.Length / SectorSize;
            if (tags?.For(member) is { State: TagState.Live } tag)
            {
                var tagged = op == IoOp.Read
                    ? await member.Device.ReadTaggedAsync(tag, bufferOffset, memberSector, sectors).ConfigureAwait(false)
                    : await member.Device.WriteTaggedAsync(tag, bufferOffset, memberSector, sectors, flags).ConfigureAwait(false);
                if (tagged.Status != IoStatus.TagRevoked)
                {
                    Counters.MemberIo(tagged: true);
                    return tagged;
                }
            }
            Counters.MemberIo(tagged: false);
            return op == IoOp.Read
                ? await member.Device.ReadAsync(memberSector, memory).ConfigureAwait(false)
                : await member.Device.WriteAsync(memberSector, memory, flags).ConfigureAwait(false);
        }
        catch (ObjectDisposedException)
        {
            return IoResult.Fail(IoStatus.DeviceGone, memberSector);
        }
        finally
        {
            member.Gate.Exit();
        }
    }

    /// <summary>Marks a member faulty: no more reads or writes reach it. The set carries on if its redundancy allows.</summary>
    internal void FailMember(RaidMember member, string reason)
    {
        var state = member.State;
        if (state is MemberState.Faulty or MemberState.Removed || !member.TryTransition(state, MemberState.Faulty)) return;
        Counters.MemberFailed();
        Record(RaidEventKind.MemberFailed, member, reason);
        _ = PersistAsync(clean: false);
        if (_config.Rebuild.AutoRebuildOntoSpares) _ = Task.Run(TryStartRebuildOntoSpareAsync);
    }

    /// <summary>Decides what a failed member I/O means: a gone device or a failed write fails the member.</summary>
    private void OnMemberWriteFailed(RaidMember member, IoResult result) =>
        FailMember(member, $"write failed: {result}");

    public RaidSnapshot Snapshot(bool clean = false)
    {
        var slots = _slots.Select((s, i) =>
        {
            var member = s.Member;
            var replacement = s.Replacement;
            return new SlotSnapshot(i, member?.Device, member?.State ?? MemberState.Removed,
                member?.RebuildRow ?? 0, replacement?.Device, replacement?.RebuildRow ?? 0);
        }).ToList();
        lock (_spares) return new RaidSnapshot(Level, slots, [.. _spares], Layout.Rows, clean);
    }

    /// <summary>Persists the current state through the metadata sink, one call at a time.</summary>
    internal async Task PersistAsync(bool clean)
    {
        if (_config.Metadata is not { } metadata) return;
        await _persist.WaitAsync().ConfigureAwait(false);
        try
        {
            await metadata.PersistAsync(Snapshot(clean)).ConfigureAwait(false);
        }
        finally
        {
            _persist.Release();
        }
    }

    private IEnumerable<RaidMember> AllMembers() =>
        _slots.SelectMany(s => new[] { s.Member, s.Replacement }).Where(m => m is not null).Select(m => m!);

    private async ValueTask<IoResult> FlushMembersAsync()
    {
        var members = AllMembers().Where(m => m.IsWritable).ToList();
        var results = await Task.WhenAll(members.Select(m => FlushMemberAsync(m))).ConfigureAwait(false);
        var anyOk = false;
        for (var i = 0; i < members.Count; i++)
        {
            if (results[i].IsOk) anyOk = true;
            else FailMember(members[i], $"flush failed: {results[i]}");
        }
        return anyOk && StillServes() ? IoResult.Ok : IoResult.Fail(IoStatus.IoError, 0);
    }

    private async Task<IoResult> FlushMemberAsync(RaidMember member)
    {
        if (!member.Gate.TryEnter()) return IoResult.Fail(IoStatus.DeviceGone, 0);
        try
        {
            return await member.Device.FlushAsync().ConfigureAwait(false);
        }
        catch (ObjectDisposedException)
        {
            return IoResult.Fail(IoStatus.DeviceGone, 0);
        }
        finally
        {
            member.Gate.Exit();
        }
    }

    /// <summary>True while every row can still be read: the failures stay within the level's redundancy.</summary>
    private bool StillServes()
    {
        if (Layout.ParityChunks > 0) return MissingSlots <= Layout.ParityChunks;
        for (var chunk = 0; chunk < Layout.DataChunks; chunk++)
        {
            var any = false;
            for (var copy = 0; copy < Layout.Copies; copy++)
                any |= _slots[Layout.DataSlot(0, chunk, copy)].Member is { State: MemberState.Active };
            if (!any) return false;
        }
        return true;
    }
}
