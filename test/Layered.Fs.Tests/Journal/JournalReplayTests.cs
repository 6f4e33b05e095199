using Layered.Fs.Format;
using Layered.Fs.Journal;

namespace Layered.Fs.Tests.Journal;

public sealed class JournalReplayTests
{
    [Fact]
    public async Task ACommittedTransactionIsWrittenHomeByReplayAndNotBefore()
    {
        var rig = JournalRig.OnMemory(journalBlocks: 64);
        var journal = await rig.FormatAndOpenAsync();
        var entries = rig.Entries(1, rig.Home(0), rig.Home(1), rig.Home(7));
        await journal.CommitAsync(1, entries);
        Assert.True(JournalRig.IsZero(await rig.ReadAsync(rig.Home(0))), "a commit must not write homes itself");

        var replay = await (await rig.OpenAsync()).ReplayAsync();

        Assert.Equal(new JournalReplay(1, 3, 1), replay);
        foreach (var entry in entries) Assert.Equal(entry.Image.ToArray(), await rig.ReadAsync(entry.Home));
    }

    [Fact]
    public async Task TransactionsAreReplayedInCommitOrderSoTheLastImageOfABlockWins()
    {
        var rig = JournalRig.OnMemory(journalBlocks: 64);
        var journal = await rig.FormatAndOpenAsync();
        await journal.CommitAsync(1, rig.Entries(1, rig.Home(0), rig.Home(1)));
        var second = rig.Entries(2, rig.Home(1), rig.Home(2), rig.Home(1));
        await journal.CommitAsync(2, second);

        var replay = await (await rig.OpenAsync()).ReplayAsync();

        Assert.Equal(2, replay.Transactions);
        Assert.Equal(rig.Image(rig.Home(0), 1, 0), await rig.ReadAsync(rig.Home(0)));
        Assert.Equal(second[2].Image.ToArray(), await rig.ReadAsync(rig.Home(1)));
        Assert.Equal(second[1].Image.ToArray(), await rig.ReadAsync(rig.Home(2)));
    }

    [Fact]
    public async Task ReplayAfterAResetWritesNothing()
    {
        var rig = JournalRig.OnMemory(journalBlocks: 64);
        var journal = await rig.FormatAndOpenAsync();
        await journal.CommitAsync(1, rig.Entries(1, rig.Home(3)));
        await journal.ResetAsync();

        var replay = await (await rig.OpenAsync()).ReplayAsync();

        Assert.Equal(new JournalReplay(0, 0, 1), replay);
        Assert.True(JournalRig.IsZero(await rig.ReadAsync(rig.Home(3))));
        Assert.Equal(0, journal.UsedBlocks);
    }

    [Fact]
    public async Task ReplayingTwiceGivesWhatReplayingOnceGives()
    {
        var rig = JournalRig.OnMemory(journalBlocks: 64);
        var journal = await rig.FormatAndOpenAsync();
        await journal.CommitAsync(5, rig.Entries(5, rig.Home(0), rig.Home(1)));
        var first = await (await rig.OpenAsync()).ReplayAsync();
        var afterFirst = await JournalRig.ReadAsync(rig.Volumes[0], rig.FirstFreeBlock, 4);

        var second = await (await rig.OpenAsync()).ReplayAsync();

        Assert.Equal(new JournalReplay(1, 2, 5), first);
        Assert.Equal(new JournalReplay(0, 0, 5), second);
        Assert.Equal(afterFirst, await JournalRig.ReadAsync(rig.Volumes[0], rig.FirstFreeBlock, 4));
    }

    [Fact]
    public async Task LastTransactionSurvivesReopenResetAndReplay()
    {
        var rig = JournalRig.OnMemory(journalBlocks: 64);
        var journal = await rig.FormatAndOpenAsync();
        Assert.Equal(0ul, journal.LastTransaction);
        await journal.CommitAsync(10, rig.Entries(10, rig.Home(0)));
        await journal.CommitAsync(42, rig.Entries(42, rig.Home(1)));
        Assert.Equal(42ul, journal.LastTransaction);

        var reopened = await rig.OpenAsync();
        Assert.Equal(42ul, (await reopened.ReplayAsync()).LastTransaction);
        await reopened.ResetAsync();
        var again = await rig.OpenAsync();
        Assert.Equal(42ul, again.LastTransaction);
        await again.ReplayAsync();
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => again.CommitAsync(42, rig.Entries(42, rig.Home(2))).AsTask());
        await again.CommitAsync(43, rig.Entries(43, rig.Home(2)));
        Assert.Equal(43ul, again.LastTransaction);
    }

    [Fact]
    public async Task ATransactionWithSeveralDescriptorsAndSmallTransfersReplaysWhole()
    {
        // 1200 images need three descriptors; 8 KiB transfers cut every write and read.
        var rig = JournalRig.OnMemory(journalBlocks: 1300, volumes: 2, volumeBlocks: 4096, maxTransferBytes: 8192);
        var journal = await rig.FormatAndOpenAsync();
        var homes = Enumerable.Range(0, 1200).Select(i => i % 2 == 0 ? rig.Home(i / 2) : rig.Home(i / 2, volume: 1)).ToArray();
        var entries = rig.Entries(7, homes);
        await journal.CommitAsync(7, entries);
        Assert.Equal(1200 + 3 + 1, journal.UsedBlocks);

        var replay = await (await rig.OpenAsync()).ReplayAsync();

        Assert.Equal(new JournalReplay(1, 1200, 7), replay);
        foreach (var entry in entries) Assert.Equal(entry.Image.ToArray(), await rig.ReadAsync(entry.Home));
    }

    [Fact]
    public async Task AnEmptyTransactionStillAdvancesLastTransactionDurably()
    {
        var rig = JournalRig.OnMemory(journalBlocks: 16);
        var journal = await rig.FormatAndOpenAsync();
        await journal.CommitAsync(3, []);
        Assert.Equal(2, journal.UsedBlocks);
        Assert.Equal(new JournalReplay(1, 0, 3), await (await rig.OpenAsync()).ReplayAsync());
    }

    [Fact]
    public async Task BadCommitsAreRefusedBeforeAnythingIsWritten()
    {
        var rig = JournalRig.OnMemory(journalBlocks: 16);
        await MetadataJournal.FormatAsync(rig.Volumes, rig.Geometry);
        var journal = await rig.OpenAsync();
        await Assert.ThrowsAsync<InvalidOperationException>(() => journal.CommitAsync(1, rig.Entries(1, rig.Home(0))).AsTask());
        await journal.ReplayAsync();

        var inJournal = new BlockAddress(0, rig.Geometry.Start.Block + 3);
        var error = await Assert.ThrowsAsync<ArgumentException>(() => journal.CommitAsync(1, rig.Entries(1, inJournal)).AsTask());
        Assert.Contains("inside the journal", error.Message);
        error = await Assert.ThrowsAsync<ArgumentException>(() => journal.CommitAsync(1, rig.Entries(1, new BlockAddress(3, 1))).AsTask());
        Assert.Contains("volume 3", error.Message);
        error = await Assert.ThrowsAsync<ArgumentException>(() => journal.CommitAsync(1, [new JournalEntry(rig.Home(0), new byte[100])]).AsTask());
        Assert.Contains("100 bytes", error.Message);
        Assert.Equal(0, journal.UsedBlocks);
        Assert.Equal(0ul, journal.LastTransaction);
    }
}
