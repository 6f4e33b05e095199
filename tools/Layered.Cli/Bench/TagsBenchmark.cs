using System.Text.Json.Nodes;
using Layered.BlockStack;
using Layered.BlockStack.Buffers;
using Layered.BlockStack.Composition;
using Layered.BlockStack.Files;

namespace Layered.Cli.Bench;

/// <summary>
/// Tagged vs plain random I/O on one device, side by side in one run: each path runs in
/// two halves in ABBA order so drift over time does not favour either. Optionally fio's
/// io_uring engine runs on the same device, with and without fixed buffers.
/// </summary>
internal sealed class TagsBenchmark(TagsBenchmarkSettings settings, Action<string> progress)
{
    public async Task<JsonObject> RunAsync(BenchTarget target, BufferRegistry buffers)
    {
        var device = target.Device;
        var span = Math.Min(settings.SpanBytes, device.SectorCount * device.SectorSize) / settings.BlockBytes * settings.BlockBytes;
        var buffer = buffers.Register(Math.Max(settings.QueueDepth * settings.BlockBytes, AlignedMemory.Alignment));
        var tag = device.TryMap(buffer) ?? throw new InvalidOperationException($"{device.Name} cannot pre-map buffers, so there is no tagged path to measure");
        try
        {
            await PreconditionAsync(device, span);
            var load = new IoLoad(device, buffer, settings.BlockBytes, settings.QueueDepth, span, settings.Seed);
            await WarmUpAsync(load, tag);
            var report = new JsonObject
            {
                ["device"] = target.Describe(),
                ["bs"] = settings.BlockBytes,
                ["qd"] = settings.QueueDepth,
                ["seconds_per_path"] = settings.Duration.TotalSeconds,
                ["span_bytes"] = span,
                ["seed"] = settings.Seed,
            };
            var plain = new JsonObject();
            var tagged = new JsonObject();
            var opcodes = new JsonObject();
            foreach (var write in new[] { false, true })
            {
                var name = write ? "write" : "read";
                var before = Opcodes(device);
                var (p, t) = await Abba.RunAsync(
                    half => Phase(load, null, write, half, $"plain {name}"), half => Phase(load, tag, write, half, $"tagged {name}"), settings.Duration);
                plain.Merge(p.ToJson(name));
                tagged.Merge(t.ToJson(name));
                report[$"ratio_{name}_iops_per_cpu"] = Math.Round(t.IopsPerCpuSecond / p.IopsPerCpuSecond, 3);
                report[$"ratio_{name}_iops"] = Math.Round(t.Iops / p.Iops, 3);
                if (before is not null) opcodes[name] = Delta(before, Opcodes(device)!);
            }
            report["plain"] = plain;
            report["tagged"] = tagged;
            if (opcodes.Count > 0) report["ring_opcodes"] = opcodes;
            if (settings.RunFio) report["fio"] = await RunFioAsync(target, span, report);
            return report;
        }
        finally
        {
            await device.UnmapAsync(tag);
            buffer.Dispose();
        }
    }

    private async Task<PhaseResult> Phase(IoLoad load, Layered.BlockStack.Tags.DeviceTag? tag, bool write, TimeSpan duration, string label)
    {
        var result = await load.RunAsync(tag, write, duration);
        progress($"  {label,-14} {result.Iops,10:N0} IOPS  {result.CpuMicrosPerIo,7:F2} us CPU/IO ({result.UserMicrosPerIo:F2} user)  ({result.Ops:N0} ops in {result.Seconds:F1} s)");
        return result;
    }

    /// <summary>Runs every path once, unmeasured, so JIT compilation and pool growth land in no phase.</summary>
    private async Task WarmUpAsync(IoLoad load, Layered.BlockStack.Tags.DeviceTag tag)
    {
        var warm = Abba.PhaseWarmUp(settings.Duration);
        foreach (var write in new[] { false, true })
            await Abba.WarmUpAsync(d => load.RunAsync(null, write, d), d => load.RunAsync(tag, write, d), warm);
        progress($"  warmed up ({warm.TotalSeconds * 4:0.#} s, not measured)");
    }

    /// <summary>Writes the whole span once, so reads hit written blocks and writes overwrite rather than allocate.</summary>
    private async Task PreconditionAsync(IBlockDevice device, long span)
    {
        using var chunk = new AlignedMemory(1 << 20);
        chunk.Span.Fill(0x6C);
        var step = chunk.Length / device.SectorSize;
        var total = span / device.SectorSize;
        var nextReport = Environment.TickCount64 + 1000;
        for (long sector = 0; sector < total; sector += step)
        {
            var count = (int)Math.Min(step, total - sector);
            var result = await device.WriteAsync(sector, chunk.Memory[..(count * device.SectorSize)]);
            if (!result.IsOk) throw new IOException($"preconditioning {device.Name} failed: {result}");
            if (Environment.TickCount64 > nextReport)
            {
                progress($"  preconditioning: {sector * 100 / total}%");
                nextReport += 1000;
            }
        }
        await device.FlushAsync();
        progress($"  preconditioned {ByteSize.Format(span)}");
    }

    private async Task<JsonObject> RunFioAsync(BenchTarget target, long span, JsonObject report)
    {
        var path = target.Path!;
        progress($"fio: {FioRunner.Version()} on {path}");
        var fio = new JsonObject();
        foreach (var write in new[] { false, true })
        {
            var name = write ? "write" : "read";
            foreach (var fixedBuffers in new[] { false, true })
            {
                var result = await FioRunner.RunAsync(path, write, fixedBuffers, settings.BlockBytes, settings.QueueDepth, span, settings.Duration);
                var key = fixedBuffers ? "fixed" : "plain";
                progress($"  fio {key} {name,-6} {result.Iops,10:N0} IOPS  {result.CpuMicrosPerIo,7:F2} us CPU/IO");
                if (fio[key] is not JsonObject side) fio[key] = side = new JsonObject();
                side.Merge(result.ToJson(name));
                var ours = (double)report[fixedBuffers ? "tagged" : "plain"]![$"{name}_iops"]!;
                report[$"ratio_{(fixedBuffers ? "tagged" : "plain")}_vs_fio_{key}_{name}_iops"] = Math.Round(ours / result.Iops, 3);
            }
        }
        return fio;
    }

    private static Dictionary<string, long>? Opcodes(IBlockDevice device) => device is FileDevice { RingCounters: { } counters }
        ? new()
        {
            ["READ"] = counters.ReadSubmitted,
            ["WRITE"] = counters.WriteSubmitted,
            ["READ_FIXED"] = counters.ReadFixedSubmitted,
            ["WRITE_FIXED"] = counters.WriteFixedSubmitted,
            ["io_uring_enter"] = counters.EnterCalls,
        }
        : null;

    private static JsonObject Delta(Dictionary<string, long> before, Dictionary<string, long> after)
    {
        var delta = new JsonObject();
        foreach (var (name, count) in after) delta[name] = count - before[name];
        return delta;
    }
}
