namespace Layered.Cli.Bench.Fs;

/// <summary>The benchmark's large file. Buffers are 4 KiB aligned, so O_DIRECT accepts them.</summary>
internal interface IBenchDataFile : IAsyncDisposable
{
    Task WriteAsync(long offset, ReadOnlyMemory<byte> data, CancellationToken ct);

    Task ReadAsync(long offset, Memory<byte> buffer, CancellationToken ct);

    Task FsyncAsync(CancellationToken ct);
}
