using Layered.BlockStack;
using Layered.Raid.Assembly;
using Layered.Raid.Metadata;

namespace Layered.Cli.Serving;

/// <summary>
/// The volumes of a filesystem from the devices a user named: devices that carry a RAID member
/// superblock are assembled into their sets (members in any order), each set becoming one volume;
/// any other device is a volume itself. Disposing stops the sets, which marks them clean when
/// their flush held; the devices stay with whoever opened them.
/// </summary>
internal sealed class AssembledVolumes : IAsyncDisposable
{
    private AssembledVolumes(IReadOnlyList<IBlockDevice> volumes, IReadOnlyList<RaidArray> arrays)
    {
        Volumes = volumes;
        Arrays = arrays;
    }

    public IReadOnlyList<IBlockDevice> Volumes { get; }

    public IReadOnlyList<RaidArray> Arrays { get; }

    public static async Task<AssembledVolumes> AssembleAsync(IReadOnlyList<IBlockDevice> devices, Action<string> progress)
    {
        var plain = new List<IBlockDevice>();
        var members = new Dictionary<Guid, List<IBlockDevice>>();
        foreach (var device in devices)
        {
            var (member, _) = await MemberSuperblock.ReadAsync(device);
            if (member is null) plain.Add(device);
            else if (members.TryGetValue(member.ArrayId, out var set)) set.Add(device);
            else members[member.ArrayId] = [device];
        }
        var arrays = new List<RaidArray>();
        try
        {
            foreach (var (arrayId, set) in members)
            {
                // Naming the set keeps a stray member of another set from being pulled into this one.
                var array = await RaidArray.AssembleAsync(set, new AssemblyOptions { ArrayId = arrayId });
                arrays.Add(array);
                Describe(array, progress);
            }
        }
        catch
        {
            foreach (var array in arrays) await array.DisposeAsync();
            throw;
        }
        return new AssembledVolumes([.. plain, .. arrays.Select(a => (IBlockDevice)a.Device)], arrays);
    }

    private static void Describe(RaidArray array, Action<string> progress)
    {
        var superblock = array.Store.Current;
        var device = array.Device;
        var state = device.MissingSlots > 0 ? $"degraded, {device.MissingSlots} missing" : "healthy";
        progress($"assembled {superblock.Level.ToString().ToLowerInvariant()} set '{superblock.Name}' ({superblock.ArrayId}) from {superblock.MemberCount} members: {state}");
        foreach (var (refused, reason) in array.Plan?.Refused ?? []) progress($"  refused {refused}: {reason}");
        if (array.ReplayedJournalRecords > 0) progress($"  replayed {array.ReplayedJournalRecords} write-hole journal record(s) after an unclean stop");
        if (array.Plan?.Dirty == true) progress($"  resynced {array.ResyncedRowsAfterCrash} row(s) after an unclean stop");
    }

    public async ValueTask DisposeAsync()
    {
        List<Exception>? failures = null;
        foreach (var array in Arrays)
        {
            try { await array.DisposeAsync(); }
            catch (Exception e) { (failures ??= []).Add(e); }
        }
        if (failures is { Count: 1 }) throw failures[0];
        if (failures is not null) throw new AggregateException("stopping the RAID sets failed", failures);
    }
}
