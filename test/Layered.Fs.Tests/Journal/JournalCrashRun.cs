using Layered.BlockStack;
using Layered.BlockStack.Buffers;
using Layered.BlockStack.Simulation;
using Layered.Fs.Format;
using Layered.Fs.Journal;

namespace Layered.Fs.Tests.Journal;

/// <summary>
/// One seeded life of a journal on simulated devices with volatile caches: boots that replay,
/// then commit and checkpoint at random until the power fails at a random operation, and a
/// last boot that replays twice. An oracle holds what each home block must contain once replay
/// has run: every transaction whose commit returned, and the one caught mid-commit wholly or
/// not at all. Any other content, a torn image included, fails the run.
/// </summary>
internal sealed class JournalCrashRun
{
    private const int HomesPerVolume = 12;
    private const int StepsPerBoot = 30;

    private readonly string _label;
    private readonly Random _random;
    private readonly SimulatedDevice[] _devices;
    private readonly JournalGeometry _geometry;
    private readonly BlockAddress[] _homes;
    private readonly Dictionary<BlockAddress, byte[]> _oracle = [];
    private readonly List<JournalEntry[]> _sinceReset = [];
    private (ulong Transaction, JournalEntry[] Entries)? _inFlight;
    private ulong _lastCommitted;
    private readonly bool _tornWrites;

    public JournalCrashRun(int seed, int run)
    {
        _label = $"LAYERED_SEED={seed} run {run}";
        _random = new Random(unchecked(seed * 7919 + run));
        var journalBlocks = _random.Next((int)JournalGeometry.MinBlocks, 40);
        var maxTransferBytes = new[] { 4096, 8192, 65536, DeviceGeometry.DefaultMaxTransferBytes }[_random.Next(4)];
        var options = new SimulationOptions { CrashLoseRate = 0.2 + 0.6 * _random.NextDouble(), CrashTearRate = 0.2 };
        _tornWrites = _random.Next(8) == 0;
        _devices = [.. Enumerable.Range(0, 2).Select(i => new SimulatedDevice(
            new DeviceGeometry($"sim{i}", Guid.NewGuid(), 512, 64 * JournalRig.BlockSize / 512, maxTransferBytes),
            options with { Seed = (ulong)_random.NextInt64() }))];
        _geometry = new JournalGeometry(new BlockAddress(0, 1), journalBlocks, JournalRig.BlockSize, Guid.NewGuid());
        _homes = [.. Enumerable.Range(0, HomesPerVolume).SelectMany(i => new[] { new BlockAddress(0, 1 + journalBlocks + i), new BlockAddress(1, i) })];
    }

    public int CrashesMidOperation { get; private set; }

    public int InterruptedCommitsApplied { get; private set; }

    public int InterruptedCommitsDropped { get; private set; }

    public async Task RunAsync()
    {
        await MetadataJournal.FormatAsync(_devices, _geometry);
        var boots = _random.Next(1, 4);
        for (var boot = 0; boot < boots; boot++) await CrashingBootAsync();

        var journal = await MetadataJournal.OpenAsync(_devices, _geometry);
        await SettleAsync(await journal.ReplayAsync());
        var again = await (await MetadataJournal.OpenAsync(_devices, _geometry)).ReplayAsync();
        Assert.True(again.Transactions == 0 && again.LastTransaction == _lastCommitted, $"{_label}: a second replay found {again}");
        await VerifyHomesAsync();
    }

    private async Task CrashingBootAsync()
    {
        var power = new PowerSupply(_devices, _random.Next(1, 160));
        IBlockDevice[] volumes = [.. _devices.Select(d => new PoweredDevice(d, power))];
        // Now and then a write also tears by itself and fails, as a dying drive's would.
        if (_tornWrites) foreach (var device in _devices) device.AddFault(new FaultRule(FaultKind.TornWrite, 0.02));
        try
        {
            var journal = await MetadataJournal.OpenAsync(volumes, _geometry);
            await SettleAsync(await journal.ReplayAsync());
            for (var step = 0; step < StepsPerBoot; step++)
            {
                if (_random.Next(6) == 0 || !journal.Fits(1)) await CheckpointAsync(journal, volumes);
                else await CommitAsync(journal);
            }
        }
        catch (FsIoException)
        {
            // The power failed mid-operation, or a torn write failed one; either way this boot is over.
        }
        if (power.IsCut) CrashesMidOperation++;
        power.Cut();
        foreach (var device in _devices) device.ClearFaults();
    }

    private async Task CommitAsync(MetadataJournal journal)
    {
        var count = _random.Next(0, Math.Min(12, journal.MaxTransactionBlocks) + 1);
        while (!journal.Fits(count)) count--;
        var transaction = journal.LastTransaction + 1 + (ulong)_random.Next(3);
        var entries = Enumerable.Range(0, count).Select(i =>
        {
            var home = _homes[_random.Next(_homes.Length)];
            return new JournalEntry(home, JournalRig.Image(_geometry, home, transaction, i));
        }).ToArray();
        _inFlight = (transaction, entries);
        await journal.CommitAsync(transaction, entries);
        _inFlight = null;
        Committed(transaction, entries);
        _sinceReset.Add(entries);
    }

    /// <summary>What the filesystem does when the log fills: write every committed block home, flush, reset.</summary>
    private async Task CheckpointAsync(MetadataJournal journal, IBlockDevice[] volumes)
    {
        using var block = new AlignedMemory(JournalRig.BlockSize);
        foreach (var entry in _sinceReset.SelectMany(e => e))
        {
            entry.Image.Span.CopyTo(block.Span);
            var device = volumes[entry.Home.Volume];
            Check(await device.WriteAsync(entry.Home.Block * JournalRig.BlockSize / device.SectorSize, block.Memory), device);
        }
        foreach (var device in volumes) Check(await device.FlushAsync(), device);
        await journal.ResetAsync();
        _sinceReset.Clear();
    }

    /// <summary>After a replay that returned: the commit caught by the crash is resolved, and every home must match.</summary>
    private async Task SettleAsync(JournalReplay replay)
    {
        if (_inFlight is { } pending)
        {
            if (replay.LastTransaction == pending.Transaction)
            {
                Committed(pending.Transaction, pending.Entries);
                InterruptedCommitsApplied++;
            }
            else InterruptedCommitsDropped++;
        }
        _inFlight = null;
        Assert.True(replay.LastTransaction == _lastCommitted, $"{_label}: replay ends at transaction {replay.LastTransaction}, expected {_lastCommitted}");
        _sinceReset.Clear();
        await VerifyHomesAsync();
    }

    private void Committed(ulong transaction, JournalEntry[] entries)
    {
        foreach (var entry in entries) _oracle[entry.Home] = entry.Image.ToArray();
        _lastCommitted = transaction;
    }

    private async Task VerifyHomesAsync()
    {
        foreach (var home in _homes)
        {
            var actual = await JournalRig.ReadAsync(_devices[home.Volume], home.Block, 1);
            if (_oracle.TryGetValue(home, out var expected) ? actual.AsSpan().SequenceEqual(expected) : JournalRig.IsZero(actual)) continue;
            var from = JournalRig.IsZero(actual) ? "zeros" : $"transaction {MetadataHeader.Transaction(actual)} entry {MetadataHeader.Owner(actual)}"
                + (MetadataHeader.Verify(actual, MetadataKind.InodeTreeNode, home, _geometry.FsId) is { } error ? $" ({error})" : "");
            Assert.Fail($"{_label}: home {home} holds {from}, expected {(expected is null ? "zeros" : $"transaction {MetadataHeader.Transaction(expected)}")}");
        }
    }

    private static void Check(IoResult result, IBlockDevice device)
    {
        if (!result.IsOk) throw new FsIoException($"checkpoint: {device.Name}: {result}");
    }
}
