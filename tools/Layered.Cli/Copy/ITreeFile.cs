namespace Layered.Cli.Copy;

/// <summary>An open regular file on one side of a copy.</summary>
internal interface ITreeFile : IAsyncDisposable
{
    /// <summary>Bytes read; short only at the end of the file.</summary>
    Task<int> ReadAsync(long offset, Memory<byte> buffer, CancellationToken ct);

    Task WriteAsync(long offset, ReadOnlyMemory<byte> data, CancellationToken ct);

    /// <summary>The next range at or after <paramref name="offset"/> that may hold data, or null when only holes remain.</summary>
    Task<(long Start, long End)?> NextDataAsync(long offset, long size, CancellationToken ct);

    Task SetLengthAsync(long length, CancellationToken ct);
}
