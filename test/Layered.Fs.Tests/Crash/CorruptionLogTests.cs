using Layered.BlockStack.Uring;
using Layered.Fs.Tests.Posix;
using Microsoft.Extensions.Logging;

namespace Layered.Fs.Tests.Crash;

public sealed class CorruptionLogTests
{
    [Fact(Timeout = 30000)]
    public async Task AMetadataBlockFailingItsCheckGivesEucleanAndWritesALogLine()
    {
        var (fs, devices) = await TestFs.CreateAsync();
        for (var i = 0; i < 50; i++) await fs.CreateAsync(FileSystem.RootIno, $"name-{i}", 0x1A4, 0, 0);
        var leaf = (await fs.Directories.Tree.CheckAsync()).Blocks[0];
        await fs.DisposeAsync();

        var device = devices[leaf.Volume];
        var sector = leaf.Block * (fs.BlockSize / device.SectorSize) + 1;
        using var buffer = new Layered.BlockStack.Buffers.AlignedMemory(device.SectorSize);
        Assert.True((await device.ReadAsync(sector, buffer.Memory)).IsOk);
        buffer.Span[100] ^= 0x40;
        Assert.True((await device.WriteAsync(sector, buffer.Memory)).IsOk);

        var log = new ListLogger();
        var damaged = await FileSystem.MountAsync(devices, new FsMountOptions { CommitIntervalMs = 0 }, log);
        var error = await Assert.ThrowsAsync<FsCorruptionException>(() => damaged.LookupAsync(FileSystem.RootIno, "name-7"));
        Assert.Equal(Errno.EUCLEAN, error.Errno);
        Assert.Contains(log.Lines, line => line.StartsWith("Error", StringComparison.Ordinal) && line.Contains(leaf.ToString(), StringComparison.Ordinal));
        await damaged.DisposeAsync();
    }

    private sealed class ListLogger : ILogger
    {
        public List<string> Lines { get; } = [];
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(LogLevel logLevel) => true;
        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (Lines) Lines.Add($"{logLevel}: {formatter(state, exception)}");
        }
    }
}
