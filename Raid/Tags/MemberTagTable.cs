using Layered.BlockStack.Buffers;
using Layered.BlockStack.Tags;
using Layered.Raid.Members;

namespace Layered.Raid.Tags;

/// <summary>
/// The payload of a set's tag: the member tags one registered buffer has on each member.
/// A member with no entry, or a null tag, is served through the plain path from the same
/// memory. Readers take the array as it is; changes copy it, so lookups never lock.
/// </summary>
internal sealed class MemberTagTable(RegisteredBuffer buffer)
{
    private (RaidMember Member, DeviceTag? Tag)[] _entries = [];

    public RegisteredBuffer Buffer { get; } = buffer;

    public DeviceTag? For(RaidMember member)
    {
        foreach (var entry in Volatile.Read(ref _entries))
            if (ReferenceEquals(entry.Member, member)) return entry.Tag;
        return null;
    }

    public IReadOnlyList<(RaidMember Member, DeviceTag? Tag)> Entries => Volatile.Read(ref _entries);

    public void Set(RaidMember member, DeviceTag? tag)
    {
        lock (this)
        {
            var entries = _entries.Where(e => !ReferenceEquals(e.Member, member)).Append((member, tag)).ToArray();
            Volatile.Write(ref _entries, entries);
        }
    }

    /// <summary>Takes a member's entry out; the caller unmaps the tag.</summary>
    public DeviceTag? Remove(RaidMember member)
    {
        lock (this)
        {
            var tag = For(member);
            Volatile.Write(ref _entries, _entries.Where(e => !ReferenceEquals(e.Member, member)).ToArray());
            return tag;
        }
    }

    /// <summary>How many members have a live member tag (the rest use the plain path).</summary>
    public int TaggedMembers => Entries.Count(e => e.Tag is { State: TagState.Live });
}
