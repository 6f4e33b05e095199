using Layered.BlockStack;
using Layered.BlockStack.Simulation;
using Layered.Fs.Format;
using Layered.Fs.Journal;
using Microsoft.Extensions.Logging;

namespace Layered.Fs.Tests.Journal;

public sealed class JournalCorruptionTests
{
    [Fact]
    public async Task AJournalWithBothHeaderCopiesCorruptFailsToOpenWithAClearMessage()
    {
        var rig = JournalRig.OnMemory(journalBlocks: 16);
        await rig.FormatAndOpenAsync();
        await rig.FlipBitAsync(rig.Geometry.HeaderAddress(0), 100);
        await rig.FlipBitAsync(rig.Geometry.HeaderAddress(1), 3000);

        var error = await Assert.ThrowsAsync<FsCorruptionException>(() => rig.OpenAsync().AsTask());

        Assert.Contains($"journal at {rig.Geometry.Start}", error.Message);
        Assert.Contains("no usable header", error.Message);
        Assert.Contains("fails its checksum", error.Message);
    }

    [Fact]
    public async Task AJournalOfAnotherFilesystemOrSizeIsRefused()
    {
        var rig = JournalRig.OnMemory(journalBlocks: 16);
        await rig.FormatAndOpenAsync();
        var foreign = rig.Geometry with { FsId = Guid.NewGuid() };
        var error = await Assert.ThrowsAsync<FsCorruptionException>(() => MetadataJournal.OpenAsync(rig.Volumes, foreign).AsTask());
        Assert.Contains("belongs to filesystem", error.Message);
        error = await Assert.ThrowsAsync<FsCorruptionException>(() => MetadataJournal.OpenAsync(rig.Volumes, rig.Geometry with { Blocks = 20 }).AsTask());
        Assert.Contains("describes 16 blocks", error.Message);
    }

    [Fact]
    public async Task AHeaderCopyTornByACrashDuringResetLeavesTheOlderCopyInForce()
    {
        var rig = JournalRig.OnMemory(journalBlocks: 16);
        var journal = await rig.FormatAndOpenAsync();
        var entries = rig.Entries(1, rig.Home(0));
        await journal.CommitAsync(1, entries);
        await journal.ResetAsync();
        // The reset's header went to copy 1 (generation 3); damage it as a torn write would.
        await rig.FlipBitAsync(rig.Geometry.HeaderAddress(1), 2000);

        var reopened = await rig.OpenAsync();
        var replay = await reopened.ReplayAsync();

        Assert.Contains(rig.Logger.At(LogLevel.Warning), m => m.Contains("header copy 1 is unusable"));
        Assert.Equal(new JournalReplay(1, 1, 1), replay);
        Assert.Equal(entries[0].Image.ToArray(), await rig.ReadAsync(rig.Home(0)));
    }

    [Fact]
    public async Task ALostNewestHeaderIsDetectedWhenTheLogHasMovedOnPastTheOlderOne()
    {
        var rig = JournalRig.OnMemory(journalBlocks: 16);
        var journal = await rig.FormatAndOpenAsync();
        await journal.CommitAsync(1, rig.Entries(1, rig.Home(0)));
        await journal.ResetAsync();
        await journal.CommitAsync(2, rig.Entries(2, rig.Home(0)));
        await rig.FlipBitAsync(rig.Geometry.HeaderAddress(1), 2000);

        var reopened = await rig.OpenAsync();
        var error = await Assert.ThrowsAsync<FsCorruptionException>(() => reopened.ReplayAsync().AsTask());

        Assert.Contains("newest header copy was lost", error.Message);
    }

    [Theory]
    [InlineData(0, 2000)] // the descriptor
    [InlineData(1, 1000)] // the first image
    [InlineData(2, 10)]   // the second image, inside its own header
    [InlineData(3, 90)]   // the commit block's record checksum
    public async Task ADamagedBlockOfACommittedTransactionStopsReplayThereAndIsLogged(int blockInRecord, int byteOffset)
    {
        var rig = JournalRig.OnMemory(journalBlocks: 32);
        var journal = await rig.FormatAndOpenAsync();
        var first = rig.Entries(1, rig.Home(0), rig.Home(1));
        await journal.CommitAsync(1, first);
        await journal.CommitAsync(2, rig.Entries(2, rig.Home(2), rig.Home(3)));
        await journal.CommitAsync(3, rig.Entries(3, rig.Home(4), rig.Home(5)));
        // Each record is a descriptor, two images and a commit: transaction 2 starts at log block 4.
        await rig.FlipBitAsync(rig.Geometry.LogAddress(4 + blockInRecord), byteOffset);

        var replay = await (await rig.OpenAsync()).ReplayAsync();

        Assert.Equal(new JournalReplay(1, 2, 1) { DiscardedTransactions = 2 }, replay);
        Assert.Equal(first[1].Image.ToArray(), await rig.ReadAsync(rig.Home(1)));
        for (var i = 2; i < 6; i++) Assert.True(JournalRig.IsZero(await rig.ReadAsync(rig.Home(i))), $"home {i} received a discarded image");
        var logged = Assert.Single(rig.Logger.At(LogLevel.Error));
        Assert.Contains("1 later committed transaction(s) are discarded", logged);
        Assert.Equal(1ul, (await rig.OpenAsync()).LastTransaction);
    }

    [Fact]
    public async Task AFailedJournalWriteNamesTheDeviceAndTakesTheJournalOutOfService()
    {
        var device = SimulatedDevice.Create(1 << 20, seed: 7, name: "sim-journal");
        var rig = new JournalRig([device], journalBlocks: 16);
        var journal = await rig.FormatAndOpenAsync();
        var logSector = rig.Geometry.LogAddress(0).Block * JournalRig.BlockSize / device.SectorSize;
        device.AddFault(new FaultRule(FaultKind.WriteError) { FirstSector = logSector, SectorCount = 14 * 8 });

        var error = await Assert.ThrowsAsync<FsIoException>(() => journal.CommitAsync(1, rig.Entries(1, rig.Home(0))).AsTask());
        Assert.Contains("sim-journal", error.Message);
        Assert.Contains($"sector {logSector}", error.Message);

        device.ClearFaults();
        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => journal.CommitAsync(2, rig.Entries(2, rig.Home(0))).AsTask());
        Assert.Contains("out of service", refused.Message);
        var reopened = await rig.OpenAsync();
        Assert.Equal(0, (await reopened.ReplayAsync()).Transactions);
        await reopened.CommitAsync(1, rig.Entries(1, rig.Home(0)));
    }
}
