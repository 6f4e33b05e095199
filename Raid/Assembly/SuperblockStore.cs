using System.Collections.Immutable;
using Layered.BlockStack;
using Layered.Raid.Metadata;

namespace Layered.Raid.Assembly;

/// <summary>
/// Keeps a set's member superblocks: turns each state snapshot into the array's superblock and
/// writes it (FUA) to every member still in use. State changes bump the event counter; a moving
/// rebuild checkpoint does not, so checkpoints never make a member look stale.
/// </summary>
public sealed class SuperblockStore : IRaidMetadata
{
    private readonly Dictionary<IBlockDevice, Guid> _ids = new(ReferenceEqualityComparer.Instance);
    private MemberSuperblock _current;

    public SuperblockStore(MemberSuperblock current, IEnumerable<(IBlockDevice Device, Guid Id)> members)
    {
        _current = current;
        foreach (var (device, id) in members) _ids[device] = id;
        Members = [.. _ids.Keys];
    }

    /// <summary>The array's superblock as last written (its device fields are the writer's).</summary>
    public MemberSuperblock Current { get { lock (_ids) return _current; } }

    /// <summary>The devices the last write reached.</summary>
    public IReadOnlyList<IBlockDevice> Members { get; private set; } = [];

    /// <summary>A member's identity: the uuid its superblock carries, not the device object's.</summary>
    public Guid IdOf(IBlockDevice device)
    {
        lock (_ids)
        {
            if (!_ids.TryGetValue(device, out var id)) _ids[device] = id = device.Id;
            return id;
        }
    }

    /// <summary>Records a device's member uuid (a re-added member keeps the uuid its superblock carries).</summary>
    public void Remember(IBlockDevice device, Guid id)
    {
        lock (_ids) _ids[device] = id;
    }

    public async ValueTask PersistAsync(RaidSnapshot snapshot)
    {
        var (next, writes) = Next(snapshot);
        var results = await Task.WhenAll(writes.Select(w => w.Superblock.WriteAsync(w.Device).AsTask())).ConfigureAwait(false);
        lock (_ids) _current = next;
        Members = [.. writes.Where((_, i) => results[i].IsOk).Select(w => w.Device)];
    }

    private (MemberSuperblock Next, List<(IBlockDevice Device, MemberSuperblock Superblock)> Writes) Next(RaidSnapshot snapshot)
    {
        var current = Current;
        var count = snapshot.Slots.Count;
        var states = new MemberState[count];
        var ids = new Guid[count];
        var rebuild = new long[count];
        var replacements = new Guid[count];
        var replacementOffsets = new long[count];
        foreach (var slot in snapshot.Slots)
        {
            var i = slot.Slot;
            // A failed or removed member keeps its uuid in the slot until a new member takes it,
            // so it can come back and resync only what the bitmap marks; on disk such a slot is
            // Faulty (docs/format.md: Removed slots record no device).
            ids[i] = slot.Device is { } device ? IdOf(device) : current.SlotDeviceIds[i];
            states[i] = slot.State == MemberState.Removed && ids[i] != Guid.Empty ? MemberState.Faulty : slot.State;
            rebuild[i] = slot.State == MemberState.Rebuilding ? Math.Min(slot.RebuildRow, snapshot.Rows) * current.ChunkBytes : 0;
            if (slot.Replacement is { } replacement)
            {
                replacements[i] = IdOf(replacement);
                replacementOffsets[i] = Math.Min(slot.ReplacementRebuildRow, snapshot.Rows) * current.ChunkBytes;
            }
        }
        var next = current with
        {
            SlotStates = [.. states],
            SlotDeviceIds = [.. ids],
            SlotRebuildOffsetBytes = [.. rebuild],
            SlotReplacementIds = [.. replacements],
            SlotReplacementOffsetBytes = [.. replacementOffsets],
            Clean = snapshot.Clean,
        };
        var changed = !next.SlotStates.SequenceEqual(current.SlotStates) || !next.SlotDeviceIds.SequenceEqual(current.SlotDeviceIds)
            || !next.SlotReplacementIds.SequenceEqual(current.SlotReplacementIds) || next.Clean != current.Clean;
        next = changed ? next.Bump() : next with { UpdatedAt = DateTimeOffset.UtcNow };

        var writes = new List<(IBlockDevice, MemberSuperblock)>();
        foreach (var slot in snapshot.Slots)
        {
            if (slot.Device is { } device && slot.State is MemberState.Active or MemberState.Rebuilding)
                writes.Add((device, next.ForMember(IdOf(device), slot.Slot)));
            if (slot.Replacement is { } replacement)
                writes.Add((replacement, next.ForMember(IdOf(replacement), slot.Slot)));
        }
        foreach (var spare in snapshot.Spares) writes.Add((spare, next.ForMember(IdOf(spare), -1)));
        return (next, writes);
    }
}
