using System.CommandLine;
using System.Text.Json.Nodes;
using Layered.BlockStack.Buffers;
using Layered.BlockStack.Composition;
using Layered.Cli.Bench.Raid;
using Layered.Cli.Output;

namespace Layered.Cli.Commands;

/// <summary><c>layered bench raid</c>: RAID throughput over memory members against baselines measured in the same run.</summary>
internal static class BenchRaidCommand
{
    public static Command Create()
    {
        var seconds = new Option<double>("--seconds") { Description = "seconds per side of each comparison", DefaultValueFactory = _ => 3 };
        var size = new Option<string>("--size") { Description = "data size of each RAID set; members are sized to match", DefaultValueFactory = _ => "1G" };
        var seed = new Option<ulong>("--seed") { Description = "seed of the random offsets", DefaultValueFactory = _ => 1 };
        var json = new Option<bool>("--json") { Description = "print one JSON object" };
        var command = new Command("raid", "raid0 striping, raid5/6 writes, parity arithmetic, rebuild and tagged I/O, each against its baseline") { seconds, size, seed, json };
        command.SetAction(async parse =>
        {
            var reporter = new Reporter(parse.GetValue(json));
            try
            {
                var duration = parse.GetValue(seconds);
                if (!(duration > 0)) return Reporter.Fail("--seconds must be positive");
                if (duration > RaidBenchmarkSettings.MaxDuration.TotalSeconds) return Reporter.Fail($"--seconds must be at most {RaidBenchmarkSettings.MaxDuration.TotalSeconds:0}");
                var setBytes = ByteSize.Parse(parse.GetValue(size)!);
                if (setBytes < RaidBenchmarkSettings.MinSetBytes) return Reporter.Fail($"--size must be at least {ByteSize.Format(RaidBenchmarkSettings.MinSetBytes)}");
                var available = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
                if (setBytes * RaidBenchmarkSettings.PeakMemoryPerSetByte > available)
                    return Reporter.Fail($"--size {ByteSize.Format(setBytes)} needs about {RaidBenchmarkSettings.PeakMemoryPerSetByte:0.#}x that in memory; {available >> 20} MiB is available");
                var settings = new RaidBenchmarkSettings(TimeSpan.FromSeconds(duration), setBytes, parse.GetValue(seed));
                using var buffers = new BufferRegistry();
                var report = await new RaidBenchmark(settings, buffers, reporter.Progress).RunAsync();
                reporter.Report(report, PrintHuman);
                return 0;
            }
            catch (Exception e) when (e is IOException or InvalidOperationException or FormatException or ArgumentException)
            {
                return Reporter.Fail(e.Message);
            }
        });
        return command;
    }

    private static void PrintHuman(JsonObject report)
    {
        Console.WriteLine();
        Console.WriteLine($"{"measurement",-34} {"unit",-5} {"value",10} {"baseline",10} {"ratio",7}  target");
        foreach (var (key, node) in report["measurements"]!.AsObject())
        {
            var m = node!.AsObject();
            var target = m["target"] is { } t
                ? $"{((string)m["target_on"]! == "value" ? $">= {(double)t:0.##} {(string)m["unit"]!}" : $">= {(double)t:0.##}x")} {((bool)m["met"]! ? "met" : "MISSED")}"
                : "-";
            Console.WriteLine($"{key,-34} {(string)m["unit"]!,-5} {(double)m["value"]!,10:N1} {(double)m["baseline"]!,10:N1} {(double)m["ratio"]!,7:F3}  {target}");
        }
    }
}
