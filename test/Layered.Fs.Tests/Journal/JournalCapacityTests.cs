using Layered.Fs.Journal;

namespace Layered.Fs.Tests.Journal;

public sealed class JournalCapacityTests
{
    [Fact]
    public async Task FitsAndMaxTransactionBlocksFollowTheFreeSpace()
    {
        // 2 header copies + 20 log blocks; a record of n images takes n + 1 descriptor + 1 commit.
        var rig = JournalRig.OnMemory(journalBlocks: 22);
        var journal = await rig.FormatAndOpenAsync();
        Assert.Equal(20, journal.CapacityBlocks);
        Assert.Equal(18, journal.MaxTransactionBlocks);
        Assert.True(journal.Fits(18));
        Assert.False(journal.Fits(19));
        Assert.False(journal.Fits(-1));

        await journal.CommitAsync(1, rig.Entries(1, [.. Enumerable.Range(0, 8).Select(i => rig.Home(i))]));

        Assert.Equal(10, journal.UsedBlocks);
        Assert.True(journal.Fits(8));
        Assert.False(journal.Fits(9));
        Assert.Equal(18, journal.MaxTransactionBlocks);
    }

    [Fact]
    public async Task ACommitThatDoesNotFitIsRefusedWithoutWritingAnything()
    {
        var rig = JournalRig.OnMemory(journalBlocks: 22);
        var journal = await rig.FormatAndOpenAsync();
        await journal.CommitAsync(1, rig.Entries(1, [.. Enumerable.Range(0, 8).Select(i => rig.Home(i))]));
        var before = await JournalRig.ReadAsync(rig.Volumes[0], rig.Geometry.Start.Block, (int)rig.Geometry.Blocks);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(
            () => journal.CommitAsync(2, rig.Entries(2, [.. Enumerable.Range(0, 9).Select(i => rig.Home(i))])).AsTask());

        Assert.Contains("10 of 20 are free", error.Message);
        Assert.Equal(before, await JournalRig.ReadAsync(rig.Volumes[0], rig.Geometry.Start.Block, (int)rig.Geometry.Blocks));
        Assert.Equal(10, journal.UsedBlocks);
        Assert.Equal(1ul, journal.LastTransaction);
        await journal.CommitAsync(2, rig.Entries(2, [.. Enumerable.Range(0, 8).Select(i => rig.Home(i))]));
    }

    [Fact]
    public async Task TheSmallestJournalTakesOneImageAndAnythingSmallerIsRefused()
    {
        var rig = JournalRig.OnMemory(journalBlocks: JournalGeometry.MinBlocks);
        var journal = await rig.FormatAndOpenAsync();
        Assert.Equal(1, journal.MaxTransactionBlocks);
        await journal.CommitAsync(1, rig.Entries(1, rig.Home(0)));
        Assert.False(journal.Fits(0));

        var tooSmall = JournalRig.OnMemory(journalBlocks: JournalGeometry.MinBlocks - 1);
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => MetadataJournal.FormatAsync(tooSmall.Volumes, tooSmall.Geometry).AsTask());
    }

    [Fact]
    public async Task AfterResetsTheLogWrapsAndReplayAppliesOnlyTransactionsSinceTheLastReset()
    {
        var rig = JournalRig.OnMemory(journalBlocks: 22);
        var journal = await rig.FormatAndOpenAsync();
        ulong transaction = 0;
        var latest = new Dictionary<long, byte[]>();
        // Records of 7 blocks never divide the 20-block log, so they straddle its end in turn.
        for (var round = 0; round < 10; round++)
        {
            while (journal.Fits(5))
            {
                transaction++;
                var entries = rig.Entries(transaction, [.. Enumerable.Range(0, 5).Select(i => rig.Home((long)transaction % 7 + i))]);
                await journal.CommitAsync(transaction, entries);
                foreach (var entry in entries) latest[entry.Home.Block] = entry.Image.ToArray();
            }
            Assert.Equal(14, journal.UsedBlocks);
            // Checkpoint: the filesystem writes every committed block home itself, then resets.
            foreach (var (block, image) in latest) await JournalRig.WriteAsync(rig.Volumes[0], block, image);
            await rig.Volumes[0].FlushAsync();
            await journal.ResetAsync();
            Assert.Equal(0, journal.UsedBlocks);
        }
        var checkpointed = rig.Home(100);
        await journal.CommitAsync(++transaction, rig.Entries(transaction, checkpointed));
        await journal.CommitAsync(++transaction, rig.Entries(transaction, rig.Home(0), rig.Home(1)));

        var replay = await (await rig.OpenAsync()).ReplayAsync();

        Assert.Equal(new JournalReplay(2, 3, transaction), replay);
        Assert.Equal(rig.Image(rig.Home(1), transaction, 1), await rig.ReadAsync(rig.Home(1)));
        Assert.Equal(rig.Image(checkpointed, transaction - 1, 0), await rig.ReadAsync(checkpointed));
        Assert.Equal(latest[rig.Home(2).Block], await rig.ReadAsync(rig.Home(2)));
    }
}
