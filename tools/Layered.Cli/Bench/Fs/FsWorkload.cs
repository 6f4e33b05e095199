using System.Diagnostics;
using System.Text.Json.Nodes;
using Layered.BlockStack.Buffers;

namespace Layered.Cli.Bench.Fs;

/// <summary>
/// The same workload for any <see cref="IBenchFiles"/>: metadata operations on numbered files in
/// one directory, then sequential and random I/O and fsync latency on one data file. Metadata
/// runs on one task (each operation waits for the last, like a tar or an rsync); random I/O keeps
/// <see cref="FsBenchSettings.QueueDepth"/> operations in flight.
/// </summary>
internal sealed class FsWorkload(FsBenchSettings settings, Action<string> progress)
{
    public async Task<JsonObject> RunAsync(string side, IBenchFiles files, CancellationToken ct)
    {
        var result = new JsonObject();
        var created = await TimedAsync(side, "create", result, "create_per_s", settings.Files, files.CreateAsync, ct);
        result["files"] = created;
        var order = Shuffled(created);
        await TimedAsync(side, "lookup", result, "lookup_per_s", created, async (i, c) =>
        {
            if (!await files.LookupAsync(order[i], c)) throw new InvalidOperationException($"{side}: {BenchNames.File(order[i])} was not found");
        }, ct);
        await TimedAsync(side, "stat", result, "stat_per_s", created, files.StatAsync, ct);
        await TimedAsync(side, "unlink", result, "unlink_per_s", created, files.UnlinkAsync, ct);

        await using var data = await files.CreateDataFileAsync(ct);
        await SequentialAsync(side, data, result, ct);
        result["rand_write_iops"] = await RandomAsync(side, data, write: true, ct);
        result["rand_read_iops"] = await RandomAsync(side, data, write: false, ct);
        await FsyncLatencyAsync(side, data, result, ct);
        return result;
    }

    /// <summary>Runs one operation per index until all are done or the phase's time is up; returns how many were done.</summary>
    private async Task<int> TimedAsync(string side, string name, JsonObject result, string key, int count, Func<int, CancellationToken, Task> operation, CancellationToken ct)
    {
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        var done = 0;
        while (done < count && clock.Elapsed < settings.MetadataLimit)
        {
            ct.ThrowIfCancellationRequested();
            await operation(done, ct);
            done++;
        }
        var perSecond = done / clock.Elapsed.TotalSeconds;
        // CPU of the whole process, user and kernel: the caller and, through FUSE, our server too
        // (polling included); for XFS, the caller and the kernel's work in its system calls.
        var cpuPerOp = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMicroseconds / Math.Max(done, 1);
        result[key] = Math.Round(perSecond, 1);
        result[$"{name}_cpu_us"] = Math.Round(cpuPerOp, 1);
        progress($"  {side,-7} {name,-8} {done,9:N0} in {clock.Elapsed.TotalSeconds,5:F2} s  {perSecond,12:N0} ops/s  {cpuPerOp,7:N1} us CPU/op{(done < count ? " (time limit)" : "")}");
        return done;
    }

    private async Task SequentialAsync(string side, IBenchDataFile data, JsonObject result, CancellationToken ct)
    {
        using var chunk = new AlignedMemory(FsBenchSettings.SequentialChunkBytes);
        new Random((int)settings.Seed).NextBytes(chunk.Span); // not zeros: nothing may skip or compress them
        var bytes = settings.DataFileBytes;
        var clock = Stopwatch.StartNew();
        for (long offset = 0; offset < bytes; offset += chunk.Length) await data.WriteAsync(offset, chunk.Memory, ct);
        await data.FsyncAsync(ct);
        result["seq_write_mb_per_s"] = Math.Round(bytes / 1e6 / clock.Elapsed.TotalSeconds, 1);
        clock.Restart();
        for (long offset = 0; offset < bytes; offset += chunk.Length) await data.ReadAsync(offset, chunk.Memory, ct);
        result["seq_read_mb_per_s"] = Math.Round(bytes / 1e6 / clock.Elapsed.TotalSeconds, 1);
        progress($"  {side,-7} sequential {bytes >> 20} MiB: write {result["seq_write_mb_per_s"]} MB/s, read {result["seq_read_mb_per_s"]} MB/s");
    }

    private async Task<double> RandomAsync(string side, IBenchDataFile data, bool write, CancellationToken ct)
    {
        var blocks = settings.DataFileBytes / FsBenchSettings.RandomBlockBytes;
        var deadline = Lanes.Deadline(settings.PhaseDuration);
        var phase = await Lanes.RunAsync(settings.QueueDepth, async lane =>
        {
            using var block = new AlignedMemory(FsBenchSettings.RandomBlockBytes);
            var random = new Random(HashCode.Combine(settings.Seed, lane, write));
            random.NextBytes(block.Span);
            long done = 0;
            while (Environment.TickCount64 < deadline)
            {
                ct.ThrowIfCancellationRequested();
                var offset = random.NextInt64(blocks) * FsBenchSettings.RandomBlockBytes;
                if (write) await data.WriteAsync(offset, block.Memory, ct);
                else await data.ReadAsync(offset, block.Memory, ct);
                done++;
            }
            return done;
        });
        var iops = Math.Round(phase.Iops, 0);
        progress($"  {side,-7} random {(write ? "write" : "read ")} 4K at QD {settings.QueueDepth}: {iops:N0} IOPS");
        return iops;
    }

    private async Task FsyncLatencyAsync(string side, IBenchDataFile data, JsonObject result, CancellationToken ct)
    {
        using var block = new AlignedMemory(FsBenchSettings.RandomBlockBytes);
        var random = new Random((int)settings.Seed + 1);
        random.NextBytes(block.Span);
        var blocks = settings.DataFileBytes / FsBenchSettings.RandomBlockBytes;
        var samples = new List<double>();
        var phase = Stopwatch.StartNew();
        while (phase.Elapsed < settings.PhaseDuration && samples.Count < FsBenchSettings.MaxFsyncSamples)
        {
            ct.ThrowIfCancellationRequested();
            var start = Stopwatch.GetTimestamp();
            await data.WriteAsync(random.NextInt64(blocks) * FsBenchSettings.RandomBlockBytes, block.Memory, ct);
            await data.FsyncAsync(ct);
            samples.Add(Stopwatch.GetElapsedTime(start).TotalMicroseconds);
        }
        samples.Sort();
        result["fsync_samples"] = samples.Count;
        result["fsync_p50_us"] = Percentiles.Of(samples, 0.50);
        result["fsync_p99_us"] = Percentiles.Of(samples, 0.99);
        progress($"  {side,-7} write 4K + fsync: p50 {result["fsync_p50_us"]} us, p99 {result["fsync_p99_us"]} us ({samples.Count} samples)");
    }

    private int[] Shuffled(int count)
    {
        var order = Enumerable.Range(0, count).ToArray();
        new Random((int)settings.Seed).Shuffle(order);
        return order;
    }
}
