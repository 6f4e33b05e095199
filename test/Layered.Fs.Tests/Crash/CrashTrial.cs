using Layered.BlockStack;
using Layered.BlockStack.Simulation;
using Layered.Fs.Mkfs;
using Layered.Fs.Posix;

namespace Layered.Fs.Tests.Crash;

/// <summary>
/// One crash trial: format simulated volumes, run a seeded workload with fsyncs until the power
/// goes off after a seeded number of writes (possibly tearing one, possibly in the middle of a
/// commit), crash the volatile caches, remount, check, and compare against what was fsync'd.
/// </summary>
internal sealed class CrashTrial
{
    private const int FixedFiles = 4;
    private const long MaxOffset = 128 << 10;
    private static readonly FsMountOptions s_mount = new() { CommitIntervalMs = 0 };

    private readonly int _seed;
    private readonly Random _random;
    private readonly List<TaggedFile> _files = [];
    private readonly List<TaggedFile> _scratch = [];
    private int _nextScratch;
    private bool _setupDurable;

    private readonly bool _claimWritesDurable;

    private CrashTrial(int seed, bool claimWritesDurable)
    {
        _claimWritesDurable = claimWritesDurable;
        _seed = seed;
        _random = new Random(seed);
    }

    /// <summary>Runs one trial; returns a problem, or null when the crash left what it should.</summary>
    /// <param name="claimWritesDurable">The negative control: treat every write as if fsync'd, which a crash must be able to refute.</param>
    public static async Task<string?> RunAsync(int seed, int volumes, bool claimWritesDurable = false)
    {
        var trial = new CrashTrial(seed, claimWritesDurable);
        try
        {
            return await trial.RunCoreAsync(volumes).WaitAsync(TimeSpan.FromSeconds(30));
        }
        catch (Exception error)
        {
            return $"trial seed {seed}: {error}";
        }
    }

    private async Task<string?> RunCoreAsync(int volumeCount)
    {
        var sims = Enumerable.Range(0, volumeCount).Select(i => new SimulatedDevice(
            new DeviceGeometry($"sim{i}", Guid.NewGuid(), 512, (16L << 20) / 512),
            new SimulationOptions { Seed = (ulong)_seed * 8 + (ulong)i, CrashLoseRate = 0.4, CrashTearRate = 0.3 })).ToArray();
        await FsFormatter.FormatAsync(sims, new MkfsOptions { JournalBytes = 512 << 10 });
        foreach (var sim in sims) await sim.FlushAsync();

        var cut = _random.Next(1, 250);
        var power = new PowerSwitch(cut, tear: _random.Next(2) == 0, _seed);
        // Half the trials journal through FUA writes, half through write then flush (a device without native FUA).
        // From a stream of its own, so the trial's other draws (and recorded seeds) stay as they were.
        var fua = new Random(_seed ^ 0x46554100).Next(2) == 0;
        var devices = sims.Select(s => (IBlockDevice)new PowerCutDevice(s, power, fua)).ToArray();
        var ops = 0;
        var stoppedBy = "the workload's end";
        try
        {
            var fs = await FileSystem.MountAsync(devices, s_mount);
            for (var i = 0; i < FixedFiles; i++)
            {
                var file = new TaggedFile(i, $"f{i}");
                file.Ino = (await fs.CreateAsync(FileSystem.RootIno, file.Name, 0x1A4, 0, 0)).Ino;
                _files.Add(file);
            }
            await fs.SyncAsync();
            foreach (var file in _files) file.Durable = [];
            _setupDurable = true;
            for (; ops < 60 && !power.IsOff; ops++) await StepAsync(fs);
        }
        catch (FsException error)
        {
            if (!power.IsOff) return $"trial seed {_seed}: op {ops} failed while the power was on: {error}";
            stoppedBy = $"the power cut ({error.Errno})";
        }
        // The mounted instance is abandoned, as a crashed machine's would be.
        foreach (var sim in sims) sim.Crash();
        var context = $"trial seed {_seed} (cut after {cut} writes, {ops} ops, stopped by {stoppedBy})";
        await FsckAssert.CleanAsync(sims, context);
        await using var again = await FileSystem.MountAsync(sims, s_mount);
        foreach (var file in _files.Concat(_scratch))
        {
            var problem = await VerifyAsync(again, file, mustExist: _setupDurable && _files.Contains(file));
            if (problem is not null) return $"{context}: {problem}";
        }
        return null;
    }

    private async Task StepAsync(FileSystem fs)
    {
        var roll = _random.Next(100);
        var file = _files[_random.Next(_files.Count)];
        if (roll < 55)
        {
            var offset = _random.NextInt64(MaxOffset);
            var data = file.NextData(offset, _random.Next(1, 16 << 10));
            file.Durable = null;
            await fs.WriteAsync(file.Ino, offset, data);
            file.Contents.Write(offset, data);
            if (_claimWritesDurable) file.Durable = file.Snapshot();
        }
        else if (roll < 72)
        {
            await fs.FsyncAsync(file.Ino);
            file.Durable = file.Snapshot();
        }
        else if (roll < 78)
        {
            var size = _random.NextInt64(MaxOffset + 20_000);
            file.Durable = null;
            await fs.SetAttrAsync(file.Ino, new SetAttributes { Size = size });
            file.Contents.SetSize(size);
        }
        else if (roll < 83)
        {
            var offset = _random.NextInt64(MaxOffset);
            var length = _random.Next(1, 40_000);
            file.Durable = null;
            await fs.FallocateAsync(file.Ino, FallocateMode.PunchHole | FallocateMode.KeepSize, offset, length);
            file.Contents.Zero(offset, length);
        }
        else if (roll < 93 || _scratch.Count == 0)
        {
            var scratch = new TaggedFile(FixedFiles + _nextScratch % 4, $"s{_nextScratch}");
            _nextScratch++;
            scratch.Ino = (await fs.CreateAsync(FileSystem.RootIno, scratch.Name, 0x1A4, 0, 0)).Ino;
            _scratch.Add(scratch);
            var data = scratch.NextData(0, _random.Next(4096, 64 << 10));
            await fs.WriteAsync(scratch.Ino, 0, data);
            scratch.Contents.Write(0, data);
            if (_random.Next(2) == 0)
            {
                await fs.FsyncAsync(scratch.Ino);
                scratch.Durable = scratch.Snapshot();
            }
        }
        else
        {
            var scratch = _scratch[_random.Next(_scratch.Count)];
            await fs.UnlinkAsync(FileSystem.RootIno, scratch.Name);
            _scratch.Remove(scratch);
        }
    }

    /// <summary>Every byte is zero or the file's own; a file untouched since its fsync reads exactly as it was then.</summary>
    private static async Task<string?> VerifyAsync(FileSystem fs, TaggedFile file, bool mustExist)
    {
        var found = await fs.LookupAsync(FileSystem.RootIno, file.Name);
        if (found is null) return mustExist ? $"{file.Name} is gone" : null;
        var size = found.Value.Size;
        if (size > 16 << 20) return $"{file.Name} has an impossible size {size}";
        var bytes = new byte[size];
        var read = await fs.ReadAsync(found.Value.Ino, 0, bytes);
        if (read != size) return $"{file.Name}: read {read} of {size} bytes";
        var foreign = Array.FindIndex(bytes, b => b != 0 && !file.Owns(b));
        if (foreign >= 0) return $"{file.Name} (id {file.Id}): byte {foreign} is {bytes[foreign]:x2}, which it never wrote (another file's or stale data)";
        if (file.Durable is { } durable)
        {
            if (size != durable.Length) return $"{file.Name} was fsync'd at size {durable.Length} and not changed since, but has size {size}";
            var at = bytes.AsSpan().CommonPrefixLength(durable);
            if (at < size) return $"{file.Name} was fsync'd and not changed since, but byte {at} is {bytes[at]:x2}, not {durable[at]:x2}";
        }
        return null;
    }
}
