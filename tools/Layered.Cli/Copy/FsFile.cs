using Layered.BlockStack.Uring;
using Layered.Fs;
using Layered.Fs.Posix;

namespace Layered.Cli.Copy;

/// <summary>An open file in our filesystem; disposing releases the open reference.</summary>
internal sealed class FsFile(FileSystem fs, ulong ino) : ITreeFile
{
    public async Task<int> ReadAsync(long offset, Memory<byte> buffer, CancellationToken ct)
    {
        var total = 0;
        while (total < buffer.Length)
        {
            var read = await fs.ReadAsync(ino, offset + total, buffer[total..], ct);
            if (read == 0) break;
            total += read;
        }
        return total;
    }

    public async Task WriteAsync(long offset, ReadOnlyMemory<byte> data, CancellationToken ct)
    {
        while (data.Length > 0)
        {
            var written = await fs.WriteAsync(ino, offset, data, ct);
            if (written <= 0) throw new FsException(Errno.EIO, $"inode {ino}: a write at {offset} wrote nothing");
            offset += written;
            data = data[written..];
        }
    }

    /// <summary>SEEK_DATA then SEEK_HOLE: holes are never read, so a copy out stays sparse.</summary>
    public async Task<(long Start, long End)?> NextDataAsync(long offset, long size, CancellationToken ct)
    {
        if (offset >= size) return null;
        long start;
        try
        {
            start = await fs.SeekAsync(ino, offset, SeekWhence.Data, ct);
        }
        catch (FsException e) when (e.Errno == Errno.ENXIO)
        {
            return null;
        }
        if (start >= size) return null;
        var end = await fs.SeekAsync(ino, start, SeekWhence.Hole, ct);
        if (start < offset || end <= start) throw new InvalidDataException($"inode {ino}: SEEK_DATA/SEEK_HOLE from {offset} gave [{start}, {end})");
        return (start, Math.Min(end, size));
    }

    public Task SetLengthAsync(long length, CancellationToken ct) => fs.SetAttrAsync(ino, new SetAttributes { Size = length }, ct);

    public async ValueTask DisposeAsync() => await fs.ReleaseAsync(ino);
}
