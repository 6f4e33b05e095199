namespace Layered.Cli.Bench.Fs;

/// <summary>
/// The benchmark's operations on a kernel filesystem through the ordinary .NET file APIs: what
/// a .NET program gets from XFS. Names go through the VFS (and its dentry cache) as usual; the
/// data file is opened O_DIRECT, because our filesystem has no page cache and comparing device
/// I/O with memory copies would measure nothing.
/// </summary>
internal sealed class HostBenchFiles : IBenchFiles
{
    private readonly string _directory;

    public HostBenchFiles(string root)
    {
        _directory = Path.Combine(root, BenchNames.Directory);
        Directory.CreateDirectory(_directory);
    }

    private string PathOf(int index) => Path.Combine(_directory, BenchNames.File(index));

    public Task CreateAsync(int index, CancellationToken ct)
    {
        File.OpenHandle(PathOf(index), FileMode.CreateNew, FileAccess.Write, FileShare.ReadWrite).Dispose();
        return Task.CompletedTask;
    }

    public Task StatAsync(int index, CancellationToken ct)
    {
        _ = File.GetLastWriteTimeUtc(PathOf(index));
        return Task.CompletedTask;
    }

    public Task<bool> LookupAsync(int index, CancellationToken ct) => Task.FromResult(File.Exists(PathOf(index)));

    public Task UnlinkAsync(int index, CancellationToken ct)
    {
        File.Delete(PathOf(index));
        return Task.CompletedTask;
    }

    public Task<IBenchDataFile> CreateDataFileAsync(CancellationToken ct) =>
        Task.FromResult<IBenchDataFile>(new HostDataFile(DirectOpen.CreateNew(Path.Combine(_directory, BenchNames.DataFile))));
}
