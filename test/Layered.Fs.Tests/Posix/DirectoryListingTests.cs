namespace Layered.Fs.Tests.Posix;

public sealed class DirectoryListingTests
{
    [Fact(Timeout = 60_000)]
    public async Task ReaddirCookiesStayValidWhileEntriesAreAddedAndRemovedMidListing()
    {
        var (fs, _) = await TestFs.CreateAsync();
        var dir = await fs.MkdirAsync(FileSystem.RootIno, "d", 0x1ED, 0, 0);
        for (var i = 0; i < 300; i++) await fs.CreateAsync(dir.Ino, $"old{i}", 0x1A4, 0, 0);
        var random = new Random(42);
        var removed = new HashSet<string>();
        var seen = new List<string>();
        long cookie = 0;
        for (var round = 0; round < 1000; round++)
        {
            var batch = await fs.ReadDirAsync(dir.Ino, cookie, 37);
            if (batch.Count == 0) break;
            seen.AddRange(batch.Select(e => e.Name));
            cookie = batch[^1].NextCookie;
            for (var k = 0; k < 5; k++)
            {
                var victim = $"old{random.Next(300)}";
                if (removed.Add(victim)) await fs.UnlinkAsync(dir.Ino, victim);
            }
            for (var k = 0; k < 5; k++) await fs.CreateAsync(dir.Ino, $"new{round}-{k}", 0x1A4, 0, 0);
        }
        Assert.Equal(seen.Count, seen.Distinct().Count());
        var seenSet = seen.ToHashSet();
        for (var i = 0; i < 300; i++)
            if (!removed.Contains($"old{i}")) Assert.Contains($"old{i}", seenSet);
        Assert.Contains(".", seenSet);
        Assert.Contains("..", seenSet);
        await fs.DisposeAsync();
    }

    [Fact(Timeout = 300_000)]
    public async Task AHundredThousandEntriesInOneDirectoryAreAllFoundAndListed()
    {
        const int count = 100_000;
        var (fs, devices) = await TestFs.CreateAsync(bytes: 256L << 20, mount: new FsMountOptions { CommitIntervalMs = 0 });
        var dir = await fs.MkdirAsync(FileSystem.RootIno, "big", 0x1ED, 0, 0);
        for (var i = 0; i < count; i++) await fs.CreateAsync(dir.Ino, $"entry-{i}", 0x1A4, 0, 0);
        await fs.DisposeAsync();

        await using var again = await FileSystem.MountAsync(devices, new FsMountOptions { CommitIntervalMs = 0 });
        var random = new Random(7);
        for (var k = 0; k < 2000; k++)
        {
            var i = random.Next(count);
            Assert.NotNull(await again.LookupAsync(dir.Ino, $"entry-{i}"));
        }
        Assert.Null(await again.LookupAsync(dir.Ino, $"entry-{count}"));
        var names = new HashSet<string>();
        long cookie = 0;
        while (true)
        {
            var batch = await again.ReadDirAsync(dir.Ino, cookie, 500);
            if (batch.Count == 0) break;
            foreach (var entry in batch) Assert.True(names.Add(entry.Name), entry.Name);
            cookie = batch[^1].NextCookie;
        }
        Assert.Equal(count + 2, names.Count);
    }
}
