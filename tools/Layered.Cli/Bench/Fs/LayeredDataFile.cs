using Layered.BlockStack.Uring;
using Layered.Fs;

namespace Layered.Cli.Bench.Fs;

/// <summary>The data file on our filesystem; disposing releases the open reference.</summary>
internal sealed class LayeredDataFile(FileSystem fs, ulong ino) : IBenchDataFile
{
    public async Task WriteAsync(long offset, ReadOnlyMemory<byte> data, CancellationToken ct)
    {
        var written = await fs.WriteAsync(ino, offset, data, ct);
        if (written != data.Length) throw new FsException(Errno.EIO, $"a {data.Length}-byte write at {offset} wrote {written}");
    }

    public async Task ReadAsync(long offset, Memory<byte> buffer, CancellationToken ct)
    {
        var read = await fs.ReadAsync(ino, offset, buffer, ct);
        if (read != buffer.Length) throw new FsException(Errno.EIO, $"a {buffer.Length}-byte read at {offset} returned {read}");
    }

    public Task FsyncAsync(CancellationToken ct) => fs.FsyncAsync(ino, dataOnly: false, ct);

    public async ValueTask DisposeAsync() => await fs.ReleaseAsync(ino);
}
