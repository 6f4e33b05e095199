using Layered.BlockStack;
using Layered.Raid.Members;

namespace Layered.Raid;

/// <summary>Online membership changes: fail, remove, add (spare or rebuild target), replace.</summary>
public sealed partial class RaidDevice
{
    /// <summary>Fails a slot's member by hand, as if it had failed a write.</summary>
    public void Fail(int slot, string reason = "failed by request")
    {
        var member = SlotAt(slot).Member ?? throw new InvalidOperationException($"{Name}: slot {slot} has no member to fail");
        if (member.State == MemberState.Faulty) return;
        FailMember(member, reason);
    }

    /// <summary>Takes a faulty member (or a replacement in progress) out of its slot, after its in-flight I/O drains.</summary>
    public async Task RemoveAsync(int slot)
    {
        await _membership.WaitAsync().ConfigureAwait(false);
        try
        {
            var raidSlot = SlotAt(slot);
            // After a restart a failed member is not assembled at all, so its slot is already empty.
            if (raidSlot.Member is not { } member) return;
            if (member.State is MemberState.Active or MemberState.Rebuilding)
                throw new InvalidOperationException($"{Name}: {member} is in use; fail it before removing it");
            await DetachAsync(member).ConfigureAwait(false);
            raidSlot.Member = null;
        }
        finally
        {
            _membership.Release();
        }
        await PersistAsync(clean: false).ConfigureAwait(false);
    }

    /// <summary>
    /// Adds a device: into the first empty or failed slot, where it rebuilds at once, or as a
    /// spare when every slot is in use. Returns the slot, or -1 for a spare.
    /// </summary>
    public async Task<int> AddAsync(IBlockDevice device)
    {
        CheckFits(device);
        int slot;
        await _membership.WaitAsync().ConfigureAwait(false);
        try
        {
            slot = Array.FindIndex(_slots, s => s.Member is null or { State: MemberState.Faulty or MemberState.Removed });
            if (slot < 0)
            {
                lock (_spares) _spares.Add(device);
                Record(RaidEventKind.SpareAdded, new RaidMember(-1, device, MemberState.Spare));
            }
            else
            {
                if (Layout.ParityChunks == 0 && Layout.Copies == 1)
                    throw new InvalidOperationException($"{Name}: {Level} has no redundancy, so a new member cannot be rebuilt");
                await PlaceAsync(slot, device).ConfigureAwait(false);
            }
        }
        finally
        {
            _membership.Release();
        }
        await PersistAsync(clean: false).ConfigureAwait(false);
        return slot;
    }

    /// <summary>Copies a slot onto a new device while the old member keeps serving, then retires the old one.</summary>
    public async Task ReplaceAsync(int slot, IBlockDevice device)
    {
        CheckFits(device);
        await _membership.WaitAsync().ConfigureAwait(false);
        try
        {
            var raidSlot = SlotAt(slot);
            if (raidSlot.Member is not { State: MemberState.Active } old)
                throw new InvalidOperationException($"{Name}: slot {slot} has no active member to replace; use add for a failed slot");
            if (raidSlot.Replacement is not null)
                throw new InvalidOperationException($"{Name}: slot {slot} is already being replaced");
            var replacement = new RaidMember(slot, device, MemberState.Rebuilding);
            raidSlot.Replacement = replacement;
            Record(RaidEventKind.ReplaceStarted, replacement, $"replacing {old.Device.Name}");
            MapNewMemberInBackground(replacement);
            StartRebuild(replacement);
        }
        finally
        {
            _membership.Release();
        }
        await PersistAsync(clean: false).ConfigureAwait(false);
    }

    public IReadOnlyList<IBlockDevice> Spares { get { lock (_spares) return [.. _spares]; } }

    /// <summary>
    /// Puts a former member back into its slot and resyncs only the rows the filter names (the
    /// rows the write-intent bitmap says were written while it was away).
    /// </summary>
    public async Task ReAddAsync(int slot, IBlockDevice device, Func<long, bool> rowsToResync)
    {
        CheckFits(device);
        await _membership.WaitAsync().ConfigureAwait(false);
        try
        {
            var raidSlot = SlotAt(slot);
            if (raidSlot.Member is { State: MemberState.Active or MemberState.Rebuilding } current)
                throw new InvalidOperationException($"{Name}: slot {slot} is in use by {current}");
            await PlaceAsync(slot, device, rowsToResync).ConfigureAwait(false);
        }
        finally
        {
            _membership.Release();
        }
        await PersistAsync(clean: false).ConfigureAwait(false);
    }

    /// <summary>Puts a device into a slot as a rebuild target, removing a failed member first. Holds the membership lock.</summary>
    private async Task PlaceAsync(int slot, IBlockDevice device, Func<long, bool>? rowFilter = null)
    {
        var raidSlot = _slots[slot];
        if (raidSlot.Member is { } failed)
        {
            await DetachAsync(failed).ConfigureAwait(false);
            raidSlot.Member = null;
        }
        var member = new RaidMember(slot, device, MemberState.Rebuilding);
        raidSlot.Member = member;
        Record(RaidEventKind.MemberAdded, member);
        MapNewMemberInBackground(member);
        StartRebuild(member, rowFilter);
    }

    /// <summary>Stops all I/O to a member, waits for what is in flight, and unmaps its tags.</summary>
    private async Task DetachAsync(RaidMember member)
    {
        await CancelRebuildAsync(member).ConfigureAwait(false);
        member.SetState(MemberState.Removed);
        await member.Gate.CloseAndDrainAsync().ConfigureAwait(false);
        await UnmapMemberTagsAsync(member).ConfigureAwait(false);
        Record(RaidEventKind.MemberRemoved, member);
    }

    /// <summary>After a failure, moves a spare into the first failed slot.</summary>
    private async Task TryStartRebuildOntoSpareAsync()
    {
        IBlockDevice? spare;
        lock (_spares) spare = _spares.FirstOrDefault();
        if (spare is null || IsDisposed) return;
        await _membership.WaitAsync().ConfigureAwait(false);
        try
        {
            var slot = Array.FindIndex(_slots, s => s.Member is null or { State: MemberState.Faulty });
            if (slot < 0) return;
            lock (_spares)
                if (!_spares.Remove(spare)) return;
            await PlaceAsync(slot, spare).ConfigureAwait(false);
        }
        finally
        {
            _membership.Release();
        }
        await PersistAsync(clean: false).ConfigureAwait(false);
    }

    private RaidSlot SlotAt(int slot) =>
        (uint)slot < (uint)_slots.Length ? _slots[slot] : throw new ArgumentOutOfRangeException(nameof(slot), slot, $"{Name} has slots 0 to {_slots.Length - 1}");

    private void CheckFits(IBlockDevice device)
    {
        ArgumentNullException.ThrowIfNull(device);
        if (device.SectorSize != SectorSize)
            throw new ArgumentException($"{device.Name} has {device.SectorSize} B sectors; {Name} uses {SectorSize} B");
        var needed = (Layout.DataOffsetSectors + Layout.Rows * Layout.ChunkSectors) * SectorSize;
        if (device.SectorCount * device.SectorSize < needed)
            throw new ArgumentException($"{device.Name} is too small for {Name}: it has {device.SectorCount * device.SectorSize} bytes, a member needs {needed}");
        if (AllMembers().Any(m => ReferenceEquals(m.Device, device) && m.State != MemberState.Removed))
            throw new ArgumentException($"{device.Name} is already a member of {Name}");
    }
}
