using Layered.BlockStack;
using Layered.Raid.Metadata;

namespace Layered.Raid.Assembly;

public sealed partial class RaidArray
{
    /// <summary>
    /// Adds a device. A former member of this set whose slot still records it is re-added and
    /// resyncs only the regions the bitmap marks; anything else is added as a new member or spare.
    /// Returns the slot, or -1 for a spare.
    /// </summary>
    public async Task<int> AddAsync(IBlockDevice device)
    {
        var (superblock, _) = await MemberSuperblock.ReadAsync(device).ConfigureAwait(false);
        var current = Store.Current;
        if (superblock is not null && superblock.ArrayId == current.ArrayId && superblock.Role >= 0
            && current.SlotDeviceIds[superblock.Role] == superblock.DeviceId
            && current.SlotStates[superblock.Role] is MemberState.Faulty or MemberState.Removed
            && superblock.Events <= current.Events)
        {
            Store.Remember(device, superblock.DeviceId);
            var rows = Device.RowsOf(Bitmap.DirtyRanges()).ToHashSet();
            await Device.ReAddAsync(superblock.Role, device, rows.Contains).ConfigureAwait(false);
            return superblock.Role;
        }
        return await Device.AddAsync(device).ConfigureAwait(false);
    }

    /// <summary>After an unclean stop, makes every region the bitmap marks consistent again.</summary>
    private async Task ResyncAfterCrashAsync()
    {
        var rows = Device.RowsOf(Bitmap.DirtyRanges()).ToList();
        ResyncedRowsAfterCrash = await Device.ResyncRowsAsync(rows).ConfigureAwait(false);
    }

    /// <summary>Rows rewritten by the resync that followed an unclean stop.</summary>
    public long ResyncedRowsAfterCrash { get; private set; }
}
