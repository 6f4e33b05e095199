using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace Layered.Cli.Bench;

/// <summary>Runs fio's io_uring engine on the same device and reads its JSON report.</summary>
internal static class FioRunner
{
    public static string? Find() => Environment.GetEnvironmentVariable("PATH")?.Split(':')
        .Select(dir => Path.Combine(dir, "fio")).FirstOrDefault(File.Exists);

    public static async Task<PhaseResult> RunAsync(string path, bool write, bool fixedBuffers, int blockBytes, int queueDepth, long spanBytes, TimeSpan duration)
    {
        var fio = Find() ?? throw new InvalidOperationException("fio is not installed; install it (apt-get install fio) or drop --fio");
        var args = string.Join(' ',
            "--name=layered", $"--filename={path}", "--ioengine=io_uring", "--direct=1", "--thread", "--numjobs=1",
            $"--rw={(write ? "randwrite" : "randread")}", $"--bs={blockBytes}", $"--iodepth={queueDepth}",
            $"--size={spanBytes}", $"--runtime={(int)Math.Ceiling(duration.TotalSeconds)}", "--time_based",
            "--randrepeat=0", "--norandommap", "--output-format=json",
            fixedBuffers ? "--fixedbufs --registerfiles" : "");
        using var process = Process.Start(new ProcessStartInfo(fio, args) { RedirectStandardOutput = true, RedirectStandardError = true })
            ?? throw new InvalidOperationException("cannot start fio");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(duration + TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        if (process.ExitCode != 0) throw new InvalidOperationException($"fio {args} failed: {(await error).Trim()}");
        return Parse(await output, write);
    }

    /// <summary>
    /// Writes every byte of the devices once. A sparse image's holes read back without touching
    /// the disk, so a read benchmark over never-written space would measure nothing real.
    /// </summary>
    public static async Task FillAsync(string path, long spanBytes)
    {
        var fio = Find() ?? throw new InvalidOperationException("fio is not installed; install it (apt-get install fio)");
        var args = $"--name=fill --filename={path} --ioengine=io_uring --direct=1 --rw=write --bs=1M --iodepth=8 --size={spanBytes} --output-format=json";
        using var process = Process.Start(new ProcessStartInfo(fio, args) { RedirectStandardOutput = true, RedirectStandardError = true })
            ?? throw new InvalidOperationException("cannot start fio");
        var error = process.StandardError.ReadToEndAsync();
        _ = process.StandardOutput.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await process.WaitForExitAsync(timeout.Token);
        if (process.ExitCode != 0) throw new InvalidOperationException($"fio {args} failed: {(await error).Trim()}");
    }

    /// <summary>fio reports CPU as percent of one CPU over the job's runtime.</summary>
    internal static PhaseResult Parse(string json, bool write)
    {
        var text = json[json.IndexOf('{')..];
        using var document = JsonDocument.Parse(text);
        var job = document.RootElement.GetProperty("jobs")[0];
        var side = job.GetProperty(write ? "write" : "read");
        var ops = side.GetProperty("total_ios").GetInt64();
        var seconds = job.GetProperty("job_runtime").GetDouble() / 1000.0;
        var cpuPercent = job.GetProperty("usr_cpu").GetDouble() + job.GetProperty("sys_cpu").GetDouble();
        return new PhaseResult(ops, seconds, cpuPercent / 100.0 * seconds);
    }

    public static string Version()
    {
        using var process = Process.Start(new ProcessStartInfo(Find()!, "--version") { RedirectStandardOutput = true })!;
        var version = process.StandardOutput.ReadToEnd().Trim();
        process.WaitForExit();
        return version.ToString(CultureInfo.InvariantCulture);
    }
}
