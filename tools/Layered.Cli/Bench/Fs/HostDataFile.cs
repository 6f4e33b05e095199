using Microsoft.Win32.SafeHandles;

namespace Layered.Cli.Bench.Fs;

/// <summary>The data file on a kernel filesystem, opened O_DIRECT.</summary>
internal sealed class HostDataFile(SafeFileHandle handle) : IBenchDataFile
{
    // Flush(true) on a FileStream is fsync(2); RandomAccess has no fsync of its own.
    private readonly FileStream _syncer = new(handle, FileAccess.ReadWrite, bufferSize: 0);

    public async Task WriteAsync(long offset, ReadOnlyMemory<byte> data, CancellationToken ct) => await RandomAccess.WriteAsync(handle, data, offset, ct);

    public async Task ReadAsync(long offset, Memory<byte> buffer, CancellationToken ct)
    {
        var read = await RandomAccess.ReadAsync(handle, buffer, offset, ct);
        if (read != buffer.Length) throw new IOException($"a {buffer.Length}-byte read at {offset} returned {read}");
    }

    public Task FsyncAsync(CancellationToken ct)
    {
        _syncer.Flush(flushToDisk: true);
        return Task.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        await _syncer.DisposeAsync();
        handle.Dispose();
    }
}
