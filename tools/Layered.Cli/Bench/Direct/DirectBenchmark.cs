using System.Text.Json.Nodes;
using Layered.BlockStack;
using Layered.BlockStack.Buffers;
using Layered.BlockStack.Composition;
using Layered.BlockStack.Files;
using Layered.Cli.Lifetime;
using Layered.Fs;
using Layered.Fs.DirectIo;
using Layered.Fs.Mkfs;
using Layered.Raid;

namespace Layered.Cli.Bench.Direct;

/// <summary>
/// <c>layered bench direct</c>: 4K random reads and writes on one file of a filesystem over a
/// raid0 of loop devices, three ways side by side in one run: a direct session, the
/// filesystem's ordinary read/write, and fio with fixed buffers and registered files on the
/// same loops. Then the cost of a lease break. fio runs last: it overwrites the loops.
/// </summary>
internal sealed class DirectBenchmark(DirectBenchSettings settings, DeviceFactory factory, BufferRegistry buffers, Action<string> progress)
{
    private const int Block = DirectBenchSettings.BlockBytes;

    public async Task<JsonObject> RunAsync(CancellationToken ct)
    {
        // Held until the loop devices are detached below, so Ctrl-C waits for that instead of leaving them attached.
        using var hold = PendingCleanup.Hold();
        var loops = new List<LoopDevice>();
        var devices = new List<IBlockDevice>();
        try
        {
            for (var i = 0; i < settings.Loops; i++)
            {
                loops.Add(LoopDevice.Attach(settings.LoopBytes));
                devices.Add(factory.OpenFile(loops[^1].DevicePath));
                progress($"attached {loops[^1]}");
            }
            if (settings.RunFio)
            {
                // fio spans every loop device; unwritten parts of the sparse images would read as free holes.
                progress("writing every block of the loop devices once, so no side reads sparse holes");
                await FioRunner.FillAsync(string.Join(':', loops.Select(l => l.DevicePath)), settings.Loops * settings.LoopBytes);
            }
            var raid = RaidDevice.Create(RaidLevel.Raid0, devices);
            var report = new JsonObject
            {
                ["devices"] = $"raid0 of {settings.Loops} loop devices ({string.Join(", ", loops.Select(l => l.DevicePath))}), {ByteSize.Format(settings.LoopBytes)} each, {(devices[0] is FileDevice { UsesIoUring: true } ? "io_uring" : "RandomAccess")}",
                ["bs"] = Block,
                ["qd"] = settings.QueueDepth,
                ["file_bytes"] = settings.FileBytes,
                ["seconds_per_phase"] = settings.PhaseDuration.TotalSeconds,
                ["seed"] = settings.Seed,
            };
            await MeasureFsSidesAsync(raid, report, ct);
            await raid.DisposeAsync();
            if (settings.RunFio) await MeasureFioAsync(loops, report);
            return report;
        }
        finally
        {
            foreach (var device in devices) await device.DisposeAsync();
            foreach (var loop in loops) loop.Dispose();
        }
    }

    private async Task MeasureFsSidesAsync(RaidDevice raid, JsonObject report, CancellationToken ct)
    {
        await FsFormatter.FormatAsync([raid], new MkfsOptions(), ct: ct);
        var fs = await FileSystem.MountAsync([raid], new FsMountOptions { CommitIntervalMs = 0 }, ct: ct);
        await using (fs)
        {
            var file = await fs.CreateAsync(FileSystem.RootIno, "bench", 0x81A4, 0, 0, ct);
            await FillAsync(fs, file.Ino, ct);
            using var buffer = buffers.Register(Math.Max(settings.QueueDepth, 4) * Block);
            var session = new DirectSession(fs, new DirectSessionOptions { Name = "bench", MaxInFlight = settings.QueueDepth });
            await using (session)
            {
                var b = session.RegisterBuffer(buffer);
                var f = await session.RegisterFileAsync(file.Ino, ct);
                var blocks = settings.FileBytes / Block;
                LaneRunner.LaneOp direct(bool write) => async (lane, offset) =>
                    (await session.ExecuteAsync(new DirectOp(write ? DirectOpKind.Write : DirectOpKind.Read, f, offset, Block, b, (long)lane * Block, 0))).IsOk;
                LaneRunner.LaneOp ordinary(bool write) => async (lane, offset) =>
                {
                    var memory = buffer.Memory.Slice(lane * Block, Block);
                    return write ? await fs.WriteAsync(file.Ino, offset, memory, ct) == Block : await fs.ReadAsync(file.Ino, offset, memory, ct) == Block;
                };
                Func<TimeSpan, Task<PhaseResult>> unmeasured(LaneRunner.LaneOp op) => duration => LaneRunner.RunAsync(settings.QueueDepth, blocks, settings.Seed, duration, op);
                foreach (var write in new[] { false, true })
                    await Abba.WarmUpAsync(unmeasured(direct(write)), unmeasured(ordinary(write)), Abba.PhaseWarmUp(settings.PhaseDuration));
                progress("  warmed up (not measured)");
                var sides = new JsonObject { ["direct"] = new JsonObject(), ["ordinary"] = new JsonObject() };
                foreach (var write in new[] { false, true })
                {
                    var name = write ? "write" : "read";
                    var (d, o) = await Abba.RunAsync(
                        half => Phase($"direct {name}", direct(write), blocks, half), half => Phase($"ordinary {name}", ordinary(write), blocks, half), settings.PhaseDuration);
                    sides["direct"]!.AsObject().Merge(d.ToJson(name));
                    sides["ordinary"]!.AsObject().Merge(o.ToJson(name));
                    report[$"ratio_direct_vs_ordinary_{name}_iops"] = Math.Round(d.Iops / o.Iops, 3);
                }
                report.Merge(sides);
                report["direct_session"] = new JsonObject { ["plain_ios"] = session.Counters.PlainIos, ["remaps"] = session.Counters.Remaps, ["acquires"] = session.Counters.Acquires };
                report["lease_break"] = await BreakCost.MeasureAsync(fs, session, f, b, file.Ino, settings.FileBytes, settings.BreakCycles, progress);
            }
        }
    }

    /// <summary>Writes the whole file once, so reads hit data and writes overwrite mapped blocks (no allocation, no break).</summary>
    private async Task FillAsync(FileSystem fs, ulong ino, CancellationToken ct)
    {
        var chunk = new byte[1 << 20];
        new Random(7).NextBytes(chunk);
        for (long at = 0; at < settings.FileBytes; at += chunk.Length)
            await fs.WriteAsync(ino, at, chunk.AsMemory(0, (int)Math.Min(chunk.Length, settings.FileBytes - at)), ct);
        await fs.SyncAsync(ct);
        progress($"  wrote the {ByteSize.Format(settings.FileBytes)} file");
    }

    private async Task<PhaseResult> Phase(string label, LaneRunner.LaneOp op, long blocks, TimeSpan duration)
    {
        var result = await LaneRunner.RunAsync(settings.QueueDepth, blocks, settings.Seed, duration, op);
        progress($"  {label,-16} {result.Iops,10:N0} IOPS  {result.CpuMicrosPerIo,7:F2} us CPU/IO  ({result.Ops:N0} ops in {result.Seconds:F1} s)");
        return result;
    }

    /// <summary>fio over the raw loops (colon-separated, one job, the same total queue depth), after the filesystem is gone.</summary>
    private async Task MeasureFioAsync(List<LoopDevice> loops, JsonObject report)
    {
        var paths = string.Join(':', loops.Select(l => l.DevicePath));
        progress($"fio: {FioRunner.Version()} on {paths}");
        var fio = new JsonObject();
        foreach (var write in new[] { false, true })
        {
            var name = write ? "write" : "read";
            var result = await FioRunner.RunAsync(paths, write, fixedBuffers: true, Block, settings.QueueDepth, settings.Loops * settings.LoopBytes, settings.PhaseDuration);
            progress($"  fio fixed {name,-6} {result.Iops,10:N0} IOPS  {result.CpuMicrosPerIo,7:F2} us CPU/IO");
            fio.Merge(result.ToJson(name));
            report[$"ratio_direct_vs_fio_fixed_{name}_iops"] = Math.Round((double)report["direct"]![$"{name}_iops"]! / result.Iops, 3);
        }
        report["fio_fixed"] = fio;
        report["fio_command"] = $"fio --name=layered --filename={paths} --ioengine=io_uring --direct=1 --thread --numjobs=1 --rw=randread|randwrite --bs={Block} --iodepth={settings.QueueDepth} --size={settings.Loops * settings.LoopBytes} --runtime={(int)Math.Ceiling(settings.PhaseDuration.TotalSeconds)} --time_based --randrepeat=0 --norandommap --fixedbufs --registerfiles";
    }
}
