using Layered.BlockStack;
using Layered.BlockStack.Composition;
using Layered.Cli.Output;
using Layered.Fs;

namespace Layered.Cli.Commands.Fs;

/// <summary>
/// The devices and filesystems one command opened. Filesystems are unmounted (which syncs and
/// marks them clean) before their devices close, whatever way the command ends.
/// </summary>
internal sealed class FsContext(DeviceFactory factory, Reporter reporter) : IAsyncDisposable
{
    private readonly List<IBlockDevice> _devices = [];
    private readonly List<FileSystem> _mounts = [];
    private readonly Dictionary<string, FileSystem> _mountsBySpec = [];

    public Reporter Reporter => reporter;

    public DeviceFactory Factory => factory;

    /// <summary>Opens every device of a list; missing image files are created sparse when a size is given.</summary>
    public IReadOnlyList<IBlockDevice> Open(IReadOnlyList<string> specs, long? createBytes = null)
    {
        var opened = new List<IBlockDevice>(specs.Count);
        foreach (var spec in specs)
        {
            var isPath = !spec.StartsWith("mem:", StringComparison.Ordinal) && !spec.StartsWith("sim:", StringComparison.Ordinal);
            if (isPath) SparseImage.CreateIfMissing(spec, createBytes, reporter);
            var device = factory.Open(spec);
            _devices.Add(device);
            opened.Add(device);
        }
        return opened;
    }

    /// <summary>
    /// Mounts the filesystem on a device list, once per list: two locations naming the same
    /// devices share one mount, since two mounts of one filesystem would overwrite each other.
    /// </summary>
    public async Task<FileSystem> MountAsync(string devices, bool readOnly, CancellationToken ct)
    {
        var specs = DeviceList.Parse(devices);
        var key = string.Join(',', specs.Select(s => s.Contains(':') ? s : Path.GetFullPath(s)));
        if (_mountsBySpec.TryGetValue(key, out var mounted)) return mounted;
        var options = new FsMountOptions { ReadOnly = readOnly, CommitIntervalMs = 0 };
        var fs = await FileSystem.MountAsync(Open(specs), options, new StderrLogger("fs"), ct);
        _mounts.Add(fs);
        _mountsBySpec[key] = fs;
        return fs;
    }

    public async ValueTask DisposeAsync()
    {
        List<Exception>? failures = null;
        foreach (var fs in _mounts)
        {
            try { await fs.DisposeAsync(); }
            catch (Exception e) { (failures ??= []).Add(e); }
        }
        foreach (var device in _devices) await device.DisposeAsync();
        // An unmount that failed means the filesystem may not be marked clean: say so, do not hide it.
        if (failures is { Count: 1 }) throw failures[0];
        if (failures is not null) throw new AggregateException("unmounting failed", failures);
    }
}
