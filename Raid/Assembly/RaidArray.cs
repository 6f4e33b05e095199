using Layered.BlockStack;
using Layered.Raid.Journal;
using Layered.Raid.Metadata;

namespace Layered.Raid.Assembly;

/// <summary>
/// A set with on-disk metadata: created onto fresh members, or assembled from members given in
/// any order. Superblocks record every state change; the write-intent bitmap records where
/// members may differ. Disposing stops the set cleanly.
/// </summary>
public sealed partial class RaidArray : IAsyncDisposable
{
    private RaidArray(RaidDevice device, SuperblockStore store, BitmapWriteIntent intent, AssemblyPlan? plan)
    {
        Device = device;
        Store = store;
        Intent = intent;
        Plan = plan;
    }

    public RaidDevice Device { get; }

    public SuperblockStore Store { get; }

    /// <summary>The assembly decision, or null for a set created in this process.</summary>
    public AssemblyPlan? Plan { get; }

    internal BitmapWriteIntent Intent { get; }

    public WriteIntentBitmap Bitmap => Intent.Bitmap;

    /// <summary>Writes superblocks and an empty bitmap onto the members, discards their data areas, and starts the set.</summary>
    public static async Task<RaidArray> CreateAsync(RaidLevel level, IReadOnlyList<IBlockDevice> members, RaidCreateOptions options)
    {
        var journalBytes = options.JournalBytes ?? (level is RaidLevel.Raid5 or RaidLevel.Raid6 ? RaidCreateOptions.DefaultJournalBytes : 0);
        var superblocks = ArrayLayout.NewArray(level, options.ChunkBytes, members, options.Name, options.BitmapRegionBytes, journalBytes);
        var template = superblocks[0];
        if (!options.AssumeClean) await DiscardDataAreasAsync(members, template).ConfigureAwait(false);
        var store = new SuperblockStore(template, members.Select((m, i) => (m, superblocks[i].DeviceId)));
        for (var i = 0; i < members.Count; i++) Check(await superblocks[i].WriteAsync(members[i]).ConfigureAwait(false), members[i], "writing the superblock");
        var bitmap = WriteIntentBitmap.ForArray(template);
        foreach (var (member, result) in members.Zip(await bitmap.StoreAsync(members, template).ConfigureAwait(false)))
            Check(result, member, "writing the bitmap");
        var array = Start(template, [.. members], [.. template.SlotStates], store, bitmap, options.Rebuild, plan: null);
        if (array.Journal is { } journal) await journal.InitializeAsync(members).ConfigureAwait(false);
        return array;
    }

    /// <summary>Reads every device's superblock, plans the assembly and starts the set; refuses with a message naming the members and why.</summary>
    public static async Task<RaidArray> AssembleAsync(IReadOnlyList<IBlockDevice> devices, AssemblyOptions options, RebuildOptions? rebuild = null)
    {
        var candidates = await AssemblyPlanner.ReadCandidatesAsync(devices).ConfigureAwait(false);
        var plan = AssemblyPlanner.Plan(candidates, options);
        if (!plan.CanStart || plan.Superblock is null) throw new RaidAssemblyException(plan);
        var superblock = plan.Superblock;
        var admitted = plan.MembersBySlot.Concat(plan.ReplacementsBySlot).Where(d => d is not null).Concat(plan.Spares).ToHashSet(ReferenceEqualityComparer.Instance);
        var ids = candidates.Where(c => c.Superblock is not null && admitted.Contains(c.Device)).Select(c => (c.Device, c.Superblock!.DeviceId));
        var store = new SuperblockStore(superblock, ids);
        var bitmap = await LoadBitmapAsync(plan).ConfigureAwait(false);
        var array = Start(superblock, plan.MembersBySlot, plan.SlotStates, store, bitmap, rebuild ?? new RebuildOptions(), plan);
        if (array.Journal is { } journal)
        {
            var (records, highest) = await journal.ScanAsync(array.Device.WritableMemberDevices()).ConfigureAwait(false);
            journal.ContinueFrom(highest);
            if (plan.Dirty) array.ReplayedJournalRecords = await array.Device.ReplayAsync(records).ConfigureAwait(false);
            // The new barrier retires the replayed records, so their writes must be durable first.
            if (array.ReplayedJournalRecords > 0 && !await array.Device.FlushForJournalAsync().ConfigureAwait(false))
                throw new IOException($"{superblock.ArrayLabel}: flushing the members after the journal replay failed");
            await journal.InitializeAsync(array.Device.WritableMemberDevices()).ConfigureAwait(false);
        }
        if (plan.Dirty) await array.ResyncAfterCrashAsync().ConfigureAwait(false);
        array.Device.StartPendingRebuilds();
        foreach (var spare in plan.Spares) await array.Device.AddAsync(spare).ConfigureAwait(false);
        return array;
    }

    /// <summary>Builds the set without starting rebuilds: a journal replay and a resync come first.</summary>
    private static RaidArray Start(MemberSuperblock superblock, IBlockDevice?[] members, MemberState[] states, SuperblockStore store,
        WriteIntentBitmap bitmap, RebuildOptions rebuild, AssemblyPlan? plan)
    {
        var intent = new BitmapWriteIntent(bitmap, store);
        var rows = superblock.SlotRebuildOffsetBytes.Select(offset => offset / superblock.ChunkBytes).ToArray();
        RaidDevice? device = null;
        var sectorSize = members.First(m => m is not null)!.SectorSize;
        var journal = superblock.JournalLengthBytes == 0 ? null : new StripeJournal(superblock.ArrayId, superblock.JournalOffsetBytes, superblock.JournalLengthBytes, sectorSize, 0,
            () => device!.FlushForJournalAsync(), () => device!.WritableMemberDevices());
        device = RaidDevice.Create(new RaidConfig(superblock.Level, superblock.ChunkBytes, superblock.DataOffsetBytes, superblock.MemberDataBytes, members)
        {
            States = states,
            RebuildRows = rows,
            Replacements = plan?.ReplacementsBySlot,
            ReplacementRows = [.. superblock.SlotReplacementOffsetBytes.Select(offset => offset / superblock.ChunkBytes)],
            Name = superblock.Name,
            Id = superblock.ArrayId,
            Metadata = store,
            WriteIntent = intent,
            Journal = journal,
            Rebuild = rebuild,
            StartRebuilds = false,
        });
        return new RaidArray(device, store, intent, plan) { Journal = journal };
    }

    /// <summary>The write-hole journal; null for levels without parity or when created with none.</summary>
    public StripeJournal? Journal { get; private init; }

    /// <summary>Journal records replayed by the assembly that followed an unclean stop.</summary>
    public long ReplayedJournalRecords { get; private set; }

    /// <summary>The bitmap from the first member that has a valid copy; without one, every region counts as dirty.</summary>
    private static async Task<WriteIntentBitmap> LoadBitmapAsync(AssemblyPlan plan)
    {
        foreach (var member in plan.MembersBySlot.Where((m, slot) => m is not null && plan.SlotStates[slot] == MemberState.Active))
        {
            var (bitmap, _) = await WriteIntentBitmap.LoadAsync(member!, plan.Superblock!).ConfigureAwait(false);
            if (bitmap is not null) return bitmap;
        }
        var all = WriteIntentBitmap.ForArray(plan.Superblock!);
        all.MarkAllDirty();
        return all;
    }

    private static async Task DiscardDataAreasAsync(IReadOnlyList<IBlockDevice> members, MemberSuperblock superblock)
    {
        foreach (var member in members)
        {
            var first = superblock.DataOffsetBytes / member.SectorSize;
            var count = superblock.MemberDataBytes / member.SectorSize;
            for (long done = 0; done < count; done += 1L << 30)
            {
                var result = await member.DiscardAsync(first + done, Math.Min(1L << 30, count - done)).ConfigureAwait(false);
                if (!result.IsOk)
                    throw new InvalidOperationException($"{member.Name}: discarding the data area failed ({result}); the parity of a new set must match zeroed data. Zero the member or pass --assume-clean if it already reads as zeros.");
            }
        }
    }

    private static void Check(IoResult result, IBlockDevice member, string what)
    {
        if (!result.IsOk) throw new IOException($"{member.Name}: {what} failed: {result}");
    }

    public async ValueTask DisposeAsync() => await Device.DisposeAsync().ConfigureAwait(false);
}
