using Layered.BlockStack;
using Layered.BlockStack.Buffers;
using Layered.Raid.Io;
using Layered.Raid.Layout;
using Layered.Raid.Members;

namespace Layered.Raid;

/// <summary>
/// A RAID set: an <see cref="IBlockDevice"/> over member devices, so sets stack. Linear,
/// raid0/1/10/5/6 share one stripe layout. Members can fail, be removed, added or replaced
/// while I/O continues; a rebuild copies onto a new member in windows. One set tag demuxes
/// into a member tag per member; members without one are served through the plain path.
/// </summary>
public sealed partial class RaidDevice : BlockDevice
{
    private readonly RaidSlot[] _slots;
    private readonly List<IBlockDevice> _spares = [];
    private readonly RowLocks _rowLocks = new();
    /// <summary>Idle parity scratch buffers kept per set; more are freed when returned.</summary>
    private const int ScratchBuffersKept = 256;

    private readonly AlignedBufferPool _scratch;
    private readonly RaidConfig _config;
    private readonly SemaphoreSlim _membership = new(1, 1);
    private readonly SemaphoreSlim _persist = new(1, 1);
    private readonly List<RaidEvent> _events = [];
    private long _readCursor;
    private int _markedDirty;

    private RaidDevice(RaidConfig config, StripeLayout layout, int sectorSize)
        : base(new DeviceGeometry(config.Name, config.Id, sectorSize, layout.DataSectors))
    {
        _config = config;
        Layout = layout;
        _scratch = new AlignedBufferPool(checked((int)(layout.ChunkSectors * sectorSize)), ScratchBuffersKept);
        _slots = new RaidSlot[config.Members.Count];
        for (var slot = 0; slot < _slots.Length; slot++)
        {
            _slots[slot] = new RaidSlot();
            var device = config.Members[slot];
            if (device is null) continue;
            var state = config.States?[slot] ?? MemberState.Active;
            var member = new RaidMember(slot, device, state);
            if (state == MemberState.Rebuilding) member.SetRebuildRow(config.RebuildRows?[slot] ?? 0);
            _slots[slot].Member = member;
            if (config.Replacements?[slot] is { } replacement && state == MemberState.Active)
            {
                var resumed = new RaidMember(slot, replacement, MemberState.Rebuilding);
                resumed.SetRebuildRow(config.ReplacementRows?[slot] ?? 0);
                _slots[slot].Replacement = resumed;
            }
        }
    }

    /// <summary>Builds a set. Members must share one sector size and hold the configured data area.</summary>
    public static RaidDevice Create(RaidConfig config)
    {
        var present = config.Members.Where(m => m is not null).Select(m => m!).ToList();
        if (present.Count == 0) throw new ArgumentException("a set needs at least one member", nameof(config));
        var sectorSize = present[0].SectorSize;
        foreach (var member in present)
        {
            if (member.SectorSize != sectorSize)
                throw new ArgumentException($"{member.Name} has {member.SectorSize} B sectors; the other members have {sectorSize} B");
            if (member.SectorCount * member.SectorSize < config.DataOffsetBytes + config.MemberDataBytes)
                throw new ArgumentException($"{member.Name} is too small: it has {member.SectorCount * member.SectorSize} bytes, the set needs {config.DataOffsetBytes + config.MemberDataBytes}");
        }
        if (config.ChunkBytes <= 0 || config.ChunkBytes % sectorSize != 0 || (config.ChunkBytes & (config.ChunkBytes - 1)) != 0)
            throw new ArgumentException($"chunk size {config.ChunkBytes} must be a power of two and a multiple of the sector size {sectorSize}");
        // A rebuild moves whole chunks, so one chunk must fit every member's largest transfer.
        if (config.Level != RaidLevel.Linear && present.Min(m => m.MaxTransferBytes) is var maxTransfer && config.ChunkBytes > maxTransfer)
            throw new ArgumentException($"chunk size {config.ChunkBytes} exceeds a member's largest transfer of {maxTransfer} bytes");
        var layout = new StripeLayout(config.Level, config.Members.Count, config.ChunkBytes / sectorSize, config.MemberDataBytes / sectorSize, config.DataOffsetBytes / sectorSize);
        var device = new RaidDevice(config, layout, sectorSize);
        if (config.StartRebuilds) device.StartPendingRebuilds();
        return device;
    }

    public static RaidDevice Create(RaidLevel level, IReadOnlyList<IBlockDevice> members, int chunkBytes = 64 * 1024) =>
        Create(RaidConfig.Bare(level, members, chunkBytes));

    public RaidLevel Level => Layout.Level;

    public StripeLayout Layout { get; }

    public RaidCounters Counters { get; } = new();

    /// <summary>Raised for every event, on the thread that caused it; handlers must be quick.</summary>
    public event Action<RaidEvent>? EventOccurred;

    public IReadOnlyList<RaidEvent> Events { get { lock (_events) return [.. _events]; } }

    /// <summary>FUA is offered when every member takes it natively (a FUA write reaches each member as one).</summary>
    public override DeviceCapabilities Capabilities =>
        DeviceCapabilities.Flush | DeviceCapabilities.PreMap
        | (Children.All(m => (m.Capabilities & DeviceCapabilities.Fua) != 0) ? DeviceCapabilities.Fua : DeviceCapabilities.None)
        | (Layout.ParityChunks == 0 ? DeviceCapabilities.Discard : DeviceCapabilities.None);

    public override IReadOnlyList<IBlockDevice> Children =>
        [.. _slots.SelectMany(s => new[] { s.Member, s.Replacement }).Where(m => m is not null && m.State != MemberState.Removed).Select(m => m!.Device)];

    /// <summary>How many slots lack an in-sync member.</summary>
    public int MissingSlots => _slots.Count(s => s.Member is not { State: MemberState.Active });

    protected override ValueTask<IoResult> ExecuteAsync(IoRequest request) => request.Op switch
    {
        IoOp.Read when Layout.ParityChunks > 0 => ReadParityAsync(request),
        IoOp.Read => ReadCopiesAsync(request),
        IoOp.Write when _config.Metadata is null && _config.WriteIntent is null => WriteAsync(request),
        IoOp.Write => WriteWithIntentAsync(request),
        IoOp.Flush => FlushAndSettleAsync(),
        _ => DiscardCopiesAsync(request),
    };

    private ValueTask<IoResult> WriteAsync(IoRequest request) =>
        Layout.ParityChunks > 0 ? WriteParityAsync(request) : WriteCopiesAsync(request);

    /// <summary>
    /// A write on a set that keeps metadata: the superblocks say "dirty" and the bitmap marks
    /// the regions before any member sees the write.
    /// </summary>
    private async ValueTask<IoResult> WriteWithIntentAsync(IoRequest request)
    {
        if (Volatile.Read(ref _markedDirty) == 0) await MarkDirtyAsync().ConfigureAwait(false);
        var offsetBytes = request.Sector * SectorSize;
        var lengthBytes = request.SectorCount * SectorSize;
        if (_config.WriteIntent is not { } intent) return await WriteAsync(request).ConfigureAwait(false);
        await intent.BeginWriteAsync(offsetBytes, lengthBytes).ConfigureAwait(false);
        try
        {
            return await WriteAsync(request).ConfigureAwait(false);
        }
        finally
        {
            intent.EndWrite(offsetBytes, lengthBytes);
        }
    }

    private readonly Lock _dirtyLock = new();
    private Task? _markingDirty;

    /// <summary>
    /// Every first writer awaits the one persist that records "dirty", so no write reaches a
    /// member before the superblocks say the set may be inconsistent after a crash.
    /// </summary>
    private async Task MarkDirtyAsync()
    {
        Task marking;
        lock (_dirtyLock) marking = _markingDirty ??= PersistAsync(clean: false);
        await marking.ConfigureAwait(false);
        Volatile.Write(ref _markedDirty, 1);
    }

    /// <summary>A flush; while the set is whole it also lets the bitmap forget regions that have settled.</summary>
    private async ValueTask<IoResult> FlushAndSettleAsync()
    {
        if (_config.WriteIntent is not { } intent || MissingSlots > 0 || Rebuilds.Count > 0) return await FlushMembersAsync().ConfigureAwait(false);
        var result = IoResult.Ok;
        await intent.ClearSettledAsync(async () =>
        {
            result = await FlushMembersAsync().ConfigureAwait(false);
            return result.IsOk && MissingSlots == 0;
        }).ConfigureAwait(false);
        return result;
    }

    internal void Record(RaidEventKind kind, RaidMember member, string detail = "")
    {
        var raidEvent = new RaidEvent(DateTimeOffset.UtcNow, kind, member.Slot, member.Device.Name, detail);
        lock (_events)
        {
            _events.Add(raidEvent);
            if (_events.Count > 10_000) _events.RemoveRange(0, 1_000);
        }
        EventOccurred?.Invoke(raidEvent);
    }

    /// <summary>An orderly stop: rebuilds checkpoint, members flush, and the superblocks say "clean" if the flush held.</summary>
    protected override async ValueTask DisposeCoreAsync()
    {
        await StopRebuildsAsync().ConfigureAwait(false);
        var flushed = await FlushAndSettleAsync().ConfigureAwait(false);
        await PersistAsync(clean: flushed.IsOk).ConfigureAwait(false);
        _scratch.Dispose();
    }
}
