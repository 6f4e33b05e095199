using Layered.BlockStack;
using Layered.Fs.Format;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Layered.Fs.Journal;

/// <summary>
/// The filesystem's write-ahead metadata journal: a physical block journal. A commit appends a
/// transaction's full block images to a circular log and makes them durable with one flush; the
/// filesystem later writes the blocks home itself and resets the log. After a crash,
/// <see cref="ReplayAsync"/> writes every committed transaction home in commit order and drops a
/// torn tail. Layout: docs/format-journal.md.
/// </summary>
/// <remarks>
/// Not thread-safe: the filesystem serialises commits, resets and replay. After open, replay
/// must run once before anything is committed. A write that fails midway takes the journal out
/// of service until it is reopened and replayed, since the log may then hold a partial record.
/// </remarks>
public sealed partial class MetadataJournal
{
    /// <summary>Records are staged whole in memory, so this bounds one transaction.</summary>
    private const long MaxRecordBytes = 1L << 30;

    private readonly IReadOnlyList<IBlockDevice> _volumes;
    private readonly JournalRegion _region;
    private readonly ILogger _logger;
    private readonly int _entriesPerDescriptor;
    private JournalHeaderBlock _header;
    private long _tail;
    private long _usedBlocks;
    private ulong _nextSequence;
    private bool _replayed;
    private string? _failure;

    private MetadataJournal(IReadOnlyList<IBlockDevice> volumes, JournalRegion region, ILogger logger, JournalHeaderBlock header)
    {
        _volumes = volumes;
        _region = region;
        _logger = logger;
        _header = header;
        _tail = header.Head;
        _nextSequence = header.HeadSequence;
        _entriesPerDescriptor = JournalDescriptorBlock.EntriesPerBlock(region.Geometry.BlockSize);
        LastTransaction = header.LastTransaction;
        MaxTransactionBlocks = LargestTransaction();
    }

    public JournalGeometry Geometry => _region.Geometry;

    /// <summary>The highest transaction ever committed; complete once the journal is replayed.</summary>
    public ulong LastTransaction { get; private set; }

    /// <summary>Blocks of the log, the header copies excluded.</summary>
    public long CapacityBlocks => Geometry.LogBlocks;

    /// <summary>Log blocks holding transactions committed since the last reset or replay.</summary>
    public long UsedBlocks => _usedBlocks;

    public int MaxTransactionBlocks { get; }

    /// <summary>Whether a transaction of <paramref name="entryCount"/> images fits in the log's free space now.</summary>
    public bool Fits(int entryCount) =>
        entryCount >= 0 && entryCount <= MaxTransactionBlocks
        && JournalRecord.BlockCount(entryCount, _entriesPerDescriptor) <= CapacityBlocks - _usedBlocks;

    /// <summary>Writes an empty journal: zeroes the log, then both header copies, durably.</summary>
    public static async ValueTask FormatAsync(IReadOnlyList<IBlockDevice> volumes, JournalGeometry geometry, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(geometry);
        var region = new JournalRegion(geometry.Check(volumes), geometry);
        await region.ZeroLogAsync(ct).ConfigureAwait(false);
        var first = new JournalHeaderBlock(0, JournalHeaderBlock.NewLogId(), 0, 1, 0);
        // Both copies start valid, so a first header write torn by a crash still leaves one.
        await region.WriteHeaderAsync(first, ct).ConfigureAwait(false);
        await region.WriteHeaderAsync(first.Next(0, 1, 0), ct).ConfigureAwait(false);
    }

    /// <summary>Reads both header copies and uses the newer sound one; <see cref="FsCorruptionException"/> when neither is.</summary>
    public static async ValueTask<MetadataJournal> OpenAsync(IReadOnlyList<IBlockDevice> volumes, JournalGeometry geometry, ILogger? logger = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(geometry);
        var device = geometry.Check(volumes);
        var region = new JournalRegion(device, geometry);
        logger ??= NullLogger.Instance;
        using var copies = await region.ReadHeadersAsync(ct).ConfigureAwait(false);
        var errors = new string?[JournalGeometry.HeaderCopies];
        var headers = new JournalHeaderBlock[JournalGeometry.HeaderCopies];
        for (var copy = 0; copy < JournalGeometry.HeaderCopies; copy++)
            errors[copy] = JournalHeaderBlock.TryRead(copies.Span.Slice(copy * geometry.BlockSize, geometry.BlockSize), geometry, copy, out headers[copy]);
        var sound = Enumerable.Range(0, JournalGeometry.HeaderCopies).Where(c => errors[c] is null).ToList();
        if (sound.Count == 0)
            throw new FsCorruptionException($"journal at {geometry.Start} on {device.Name} has no usable header: copy 0: {errors[0]}; copy 1: {errors[1]}");
        var chosen = sound.MaxBy(c => headers[c].Generation);
        var other = 1 - chosen;
        if (errors[other] is { } problem) JournalLog.HeaderCopyUnusable(logger, geometry.Start.ToString(), other, problem, headers[chosen].Generation);
        return new MetadataJournal(volumes, region, logger, headers[chosen]);
    }

    private int LargestTransaction()
    {
        var limit = Math.Min(CapacityBlocks, MaxRecordBytes / Geometry.BlockSize);
        var entries = (int)Math.Max(0, limit - 2);
        while (entries > 0 && JournalRecord.BlockCount(entries, _entriesPerDescriptor) > limit) entries--;
        return entries;
    }

    private void EnsureWritable()
    {
        if (!_replayed) throw new InvalidOperationException($"journal {Geometry.Start}: replay it before committing or resetting");
        if (_failure is not null) throw new InvalidOperationException($"journal {Geometry.Start} is out of service ({_failure}); reopen and replay it");
    }
}
