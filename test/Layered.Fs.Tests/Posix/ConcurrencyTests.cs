using Layered.TestKit.Contracts;

namespace Layered.Fs.Tests.Posix;

public sealed class ConcurrencyTests
{
    /// <summary>Many tasks write their own files and churn names in one shared directory at once; afterwards every file holds exactly its writes.</summary>
    [Fact(Timeout = 120_000)]
    public async Task ParallelTasksOnDifferentFilesInOneDirectoryLeaveEveryFileIntact()
    {
        var seed = Seeds.Next(nameof(ParallelTasksOnDifferentFilesInOneDirectoryLeaveEveryFileIntact));
        var (fs, devices) = await TestFs.CreateAsync(bytes: 256L << 20);
        var shared = await fs.MkdirAsync(FileSystem.RootIno, "shared", 0x1ED, 0, 0);
        const int tasks = 16;
        var expected = new byte[tasks][];
        var inos = new ulong[tasks];
        await Task.WhenAll(Enumerable.Range(0, tasks).Select(t => Task.Run(async () =>
        {
            var random = new Random(seed + t);
            var file = await fs.CreateAsync(shared.Ino, $"file{t}", 0x1A4, 0, 0);
            inos[t] = file.Ino;
            var contents = new byte[256 << 10];
            var size = 0;
            for (var op = 0; op < 60; op++)
            {
                var offset = random.Next(contents.Length - 8192);
                var data = new byte[random.Next(1, 8192)];
                random.NextBytes(data);
                await fs.WriteAsync(file.Ino, offset, data);
                data.CopyTo(contents, offset);
                size = Math.Max(size, offset + data.Length);
                var scratch = $"scratch{t}-{op}";
                await fs.CreateAsync(shared.Ino, scratch, 0x1A4, 0, 0);
                if (random.Next(2) == 0) await fs.RenameAsync(shared.Ino, scratch, shared.Ino, scratch + "-moved");
                else await fs.UnlinkAsync(shared.Ino, scratch);
                if (op % 20 == 0) await fs.FsyncAsync(file.Ino);
            }
            expected[t] = contents[..size];
        })));
        await fs.DisposeAsync();

        await using var again = await FileSystem.MountAsync(devices, new FsMountOptions { CommitIntervalMs = 0 });
        for (var t = 0; t < tasks; t++)
        {
            var back = new byte[expected[t].Length];
            Assert.Equal(back.Length, await again.ReadAsync(inos[t], 0, back));
            Assert.True(back.AsSpan().SequenceEqual(expected[t]), $"seed {seed}: file{t} differs");
            Assert.Equal(inos[t], (await again.LookupAsync(shared.Ino, $"file{t}"))!.Value.Ino);
        }
        var listed = new List<string>();
        long cookie = 0;
        while (true)
        {
            var batch = await again.ReadDirAsync(shared.Ino, cookie, 200);
            if (batch.Count == 0) break;
            listed.AddRange(batch.Select(e => e.Name));
            cookie = batch[^1].NextCookie;
        }
        Assert.Equal(listed.Count, listed.Distinct().Count());
        Assert.Equal(tasks, listed.Count(n => n.StartsWith("file", StringComparison.Ordinal)));
        Assert.DoesNotContain(listed, n => n.StartsWith("scratch", StringComparison.Ordinal) && !n.EndsWith("-moved", StringComparison.Ordinal));
    }
}
