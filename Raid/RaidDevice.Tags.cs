using System.Collections.Concurrent;
using Layered.BlockStack.Buffers;
using Layered.BlockStack.Tags;
using Layered.Raid.Members;
using Layered.Raid.Tags;

namespace Layered.Raid;

/// <summary>
/// One set tag demuxes into a member tag per member. A member that cannot pre-map, or was
/// added after the tag was made, is served through the plain path from the same registered
/// memory until the set has mapped it in the background.
/// </summary>
public sealed partial class RaidDevice
{
    private readonly ConcurrentDictionary<MemberTagTable, byte> _tagTables = new();

    protected override Mapping? TryMapCore(RegisteredBuffer buffer)
    {
        var table = new MemberTagTable(buffer);
        foreach (var member in AllMembers().Where(m => m.State != MemberState.Removed))
            table.Set(member, TryMapMember(member, buffer));
        _tagTables[table] = 0;
        return new Mapping(-1, table);
    }

    protected override async ValueTask ReleaseMappingAsync(DeviceTag tag)
    {
        var table = (MemberTagTable)tag.Payload!;
        _tagTables.TryRemove(table, out _);
        foreach (var (member, memberTag) in table.Entries)
        {
            table.Remove(member);
            if (memberTag is not null) await UnmapQuietlyAsync(member, memberTag).ConfigureAwait(false);
        }
    }

    /// <summary>A fenced set tag fences its member tags too, on every member.</summary>
    protected override async ValueTask OnRevokedAsync(DeviceTag tag)
    {
        foreach (var (member, memberTag) in ((MemberTagTable)tag.Payload!).Entries)
            if (memberTag is not null) await member.Device.InvalidateAsync(memberTag).ConfigureAwait(false);
    }

    /// <summary>Maps every live set tag's buffer onto a new member, in the background; I/O uses the plain path until then.</summary>
    private void MapNewMemberInBackground(RaidMember member) => _ = Task.Run(async () =>
    {
        await _membership.WaitAsync().ConfigureAwait(false);
        try
        {
            if (member.State == MemberState.Removed) return;
            var mapped = 0;
            foreach (var table in _tagTables.Keys)
            {
                if (table.Buffer.IsDisposed) continue;
                var tag = TryMapMember(member, table.Buffer);
                table.Set(member, tag);
                if (tag is not null) mapped++;
            }
            if (mapped > 0) Record(RaidEventKind.MemberTagged, member, $"{mapped} tag(s) mapped");
        }
        finally
        {
            _membership.Release();
        }
    });

    /// <summary>Drops a departing member's tags; its I/O has drained, so nothing uses them.</summary>
    private async Task UnmapMemberTagsAsync(RaidMember member)
    {
        foreach (var table in _tagTables.Keys)
            if (table.Remove(member) is { } tag) await UnmapQuietlyAsync(member, tag).ConfigureAwait(false);
    }

    private static DeviceTag? TryMapMember(RaidMember member, RegisteredBuffer buffer)
    {
        try
        {
            return member.Device.TryMap(buffer);
        }
        catch (ObjectDisposedException)
        {
            return null;
        }
    }

    private static async Task UnmapQuietlyAsync(RaidMember member, DeviceTag tag)
    {
        try
        {
            await member.Device.UnmapAsync(tag).ConfigureAwait(false);
        }
        catch (ObjectDisposedException)
        {
            // The member device is gone; its tags went with it.
        }
    }
}
