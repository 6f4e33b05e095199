using Microsoft.Win32.SafeHandles;

namespace Layered.Cli.Copy;

/// <summary>An open host file. Holes are not looked for: the copier skips zero chunks, which keeps a copy into our filesystem sparse too.</summary>
internal sealed class HostFile(SafeFileHandle handle) : ITreeFile
{
    public async Task<int> ReadAsync(long offset, Memory<byte> buffer, CancellationToken ct)
    {
        var total = 0;
        // RandomAccess may return short reads before the end; only 0 means the end.
        while (total < buffer.Length)
        {
            var read = await RandomAccess.ReadAsync(handle, buffer[total..], offset + total, ct);
            if (read == 0) break;
            total += read;
        }
        return total;
    }

    public async Task WriteAsync(long offset, ReadOnlyMemory<byte> data, CancellationToken ct) =>
        await RandomAccess.WriteAsync(handle, data, offset, ct);

    public Task<(long Start, long End)?> NextDataAsync(long offset, long size, CancellationToken ct) =>
        Task.FromResult<(long, long)?>(offset < size ? (offset, size) : null);

    public Task SetLengthAsync(long length, CancellationToken ct)
    {
        RandomAccess.SetLength(handle, length);
        return Task.CompletedTask;
    }

    public ValueTask DisposeAsync()
    {
        handle.Dispose();
        return ValueTask.CompletedTask;
    }
}
