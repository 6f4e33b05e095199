using Layered.BlockStack.Uring;
using Layered.Fs;
using Layered.Fs.Posix;

namespace Layered.Cli.Bench.Fs;

/// <summary>The benchmark's operations on our filesystem, called in process (no FUSE in between).</summary>
internal sealed class LayeredBenchFiles : IBenchFiles
{
    private const uint FilePermissions = 0x1A4; // 0644
    private const uint DirectoryPermissions = 0x1ED; // 0755

    private readonly FileSystem _fs;
    private readonly ulong _directory;

    private LayeredBenchFiles(FileSystem fs, ulong directory)
    {
        _fs = fs;
        _directory = directory;
    }

    public static async Task<LayeredBenchFiles> CreateAsync(FileSystem fs, CancellationToken ct)
    {
        var directory = await fs.MkdirAsync(FileSystem.RootIno, BenchNames.Directory, UnixMode.Make(FileKind.Directory, DirectoryPermissions), 0, 0, ct);
        return new LayeredBenchFiles(fs, directory.Ino);
    }

    public Task CreateAsync(int index, CancellationToken ct) =>
        _fs.CreateAsync(_directory, BenchNames.File(index), UnixMode.Make(FileKind.Regular, FilePermissions), 0, 0, ct);

    public async Task StatAsync(int index, CancellationToken ct)
    {
        var found = await _fs.LookupAsync(_directory, BenchNames.File(index), ct) ?? throw new FsException(Errno.ENOENT, $"{BenchNames.File(index)} vanished");
        await _fs.GetAttrAsync(found.Ino, ct);
    }

    public async Task<bool> LookupAsync(int index, CancellationToken ct) => await _fs.LookupAsync(_directory, BenchNames.File(index), ct) is not null;

    public Task UnlinkAsync(int index, CancellationToken ct) => _fs.UnlinkAsync(_directory, BenchNames.File(index), ct);

    public async Task<IBenchDataFile> CreateDataFileAsync(CancellationToken ct)
    {
        var file = await _fs.CreateAsync(_directory, BenchNames.DataFile, UnixMode.Make(FileKind.Regular, FilePermissions), 0, 0, ct);
        await _fs.OpenAsync(file.Ino, ct);
        return new LayeredDataFile(_fs, file.Ino);
    }
}
