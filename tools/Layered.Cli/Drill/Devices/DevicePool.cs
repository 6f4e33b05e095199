using Layered.BlockStack;
using Layered.BlockStack.Composition;
using Layered.BlockStack.Files;
using Layered.BlockStack.Simulation;
using Microsoft.Extensions.DependencyInjection;

namespace Layered.Cli.Drill.Devices;

/// <summary>
/// Every device the drill has made, in every role, and what happens to all of them at once:
/// a power cycle, and the release at the end. Loop devices are detached on every way out:
/// the normal end, an error, Ctrl-C, and process exit as the last resort.
/// </summary>
internal sealed class DevicePool : IAsyncDisposable
{
    public const long MemberBytes = 64L << 20;
    private const int SectorSize = 512;

    private readonly List<DrillDevice> _devices = [];
    private readonly DeviceKind _kind;
    private readonly string _folder;
    private readonly ulong _seed;
    private readonly ServiceProvider? _services;
    private readonly DeviceFactory? _factory;
    private readonly EventHandler _onProcessExit;
    private int _fresh;

    public DevicePool(DeviceKind kind, string folder, ulong seed)
    {
        _kind = kind;
        _folder = folder;
        _seed = seed;
        if (kind != DeviceKind.Mem)
        {
            _services = new ServiceCollection().AddLayeredBlockStack(o => o.SectorSize = SectorSize).BuildServiceProvider();
            _factory = _services.GetRequiredService<DeviceFactory>();
        }
        _onProcessExit = (_, _) => ReleaseLoops();
        AppDomain.CurrentDomain.ProcessExit += _onProcessExit;
    }

    public DeviceKind Kind => _kind;

    public IReadOnlyList<DrillDevice> All { get { lock (_devices) return [.. _devices]; } }

    /// <summary>Problems met while releasing devices (a loop device that would not detach).</summary>
    public List<string> ReleaseProblems { get; } = [];

    /// <summary>A member of the initial set.</summary>
    public DrillDevice CreateMember(int index) => Create($"m{index}", 0x2000 + (ulong)index);

    /// <summary>A device never used before: for an add, a replace or a spare.</summary>
    public DrillDevice CreateFresh()
    {
        var index = Interlocked.Increment(ref _fresh) - 1;
        return Create($"n{index}", 0x3000 + (ulong)index);
    }

    public DrillDevice? Find(IBlockDevice member) => All.FirstOrDefault(d => ReferenceEquals(d.Member, member));

    /// <summary>Puts a new switch in front of a device whose switch is off: it comes back as it was.</summary>
    public static void Replug(DrillDevice device) => device.Member = new SwitchedDevice(device.Real, device.Name);

    /// <summary>
    /// Power loss and restart of every device: switches off (nothing reaches a device after
    /// this), simulated caches lose, keep or tear their unflushed writes, files are reopened,
    /// and every device gets a new switch. Returns what the crash did.
    /// </summary>
    public async Task<string> PowerCycleAsync(TimeSpan timeout)
    {
        var devices = All;
        await Task.WhenAll(devices.Select(d => d.Member.SwitchOffAsync())).WaitAsync(timeout).ConfigureAwait(false);
        string summary;
        if (_kind == DeviceKind.Mem)
        {
            var reports = devices.Select(d => d.Simulated!.Crash()).ToList();
            summary = $"{reports.Sum(r => r.Persisted)} unflushed member writes persisted, {reports.Sum(r => r.Lost)} lost, {reports.Sum(r => r.Torn)} torn";
        }
        else
        {
            foreach (var device in devices)
            {
                await device.Real.DisposeAsync().ConfigureAwait(false);
                device.Real = _factory!.OpenFile(device.Path!);
            }
            summary = $"{devices.Count} devices reopened";
        }
        foreach (var device in devices) Replug(device);
        return summary;
    }

    private DrillDevice Create(string name, ulong purpose)
    {
        DrillDevice device;
        switch (_kind)
        {
            case DeviceKind.Mem:
                var seed = SplitMix.For(_seed, purpose).Next();
                var simulated = new SimulatedDevice(new DeviceGeometry(name, Guid.NewGuid(), SectorSize, MemberBytes / SectorSize),
                    new SimulationOptions { Seed = seed, MaxCachedWrites = 1024 });
                device = new DrillDevice(name, simulated, null, null);
                break;
            case DeviceKind.File:
                var image = Path.Combine(_folder, $"{name}.img");
                FileDevice.CreateImage(image, MemberBytes, overwrite: true);
                device = new DrillDevice(name, _factory!.OpenFile(image), image, null);
                break;
            default:
                var loop = LoopDevice.Attach(MemberBytes, SectorSize);
                try
                {
                    device = new DrillDevice(name, _factory!.OpenFile(loop.DevicePath), loop.DevicePath, loop);
                }
                catch
                {
                    loop.Dispose();
                    throw;
                }
                break;
        }
        lock (_devices) _devices.Add(device);
        return device;
    }

    /// <summary>Closes every device, detaches loop devices and deletes image files (kept when asked, for a post-mortem).</summary>
    public async Task ReleaseAsync(bool keepImages, TimeSpan timeout)
    {
        foreach (var device in All)
        {
            try
            {
                await device.Real.DisposeAsync().AsTask().WaitAsync(timeout).ConfigureAwait(false);
            }
            catch (Exception e) when (e is TimeoutException or IOException or InvalidOperationException)
            {
                ReleaseProblems.Add($"{device}: closing failed: {e.Message}");
            }
            if (_kind == DeviceKind.File && !keepImages && device.Path is { } image) File.Delete(image);
        }
        ReleaseLoops();
    }

    /// <summary>Detaches every loop device not yet detached. Safe from any thread, and at process exit.</summary>
    private void ReleaseLoops()
    {
        foreach (var device in All)
        {
            if (device.Loop is not { } loop || !device.TryClaimRelease()) continue;
            try
            {
                loop.Dispose();
            }
            catch (Exception e) when (e is InvalidOperationException or TimeoutException or IOException)
            {
                lock (ReleaseProblems) ReleaseProblems.Add($"{device}: detaching failed: {e.Message}");
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        ReleaseLoops();
        AppDomain.CurrentDomain.ProcessExit -= _onProcessExit;
        if (_services is not null) await _services.DisposeAsync().ConfigureAwait(false);
    }
}
