using System.CommandLine;
using System.Text.Json.Nodes;
using Layered.BlockStack.Buffers;
using Layered.BlockStack.Composition;
using Layered.BlockStack.Files;
using Layered.Cli.Bench.Direct;
using Layered.Cli.Output;
using Microsoft.Extensions.DependencyInjection;

namespace Layered.Cli.Commands;

/// <summary><c>layered bench direct</c>: a direct session vs the ordinary fs path vs fio with fixed buffers, on a raid0 of loops; and the lease break cost.</summary>
internal static class BenchDirectCommand
{
    public static Command Create()
    {
        var loops = new Option<int>("--loops") { Description = "loop devices in the raid0", DefaultValueFactory = _ => 3 };
        var loopSize = new Option<string>("--loop-size") { Description = "size of each loop device's sparse image", DefaultValueFactory = _ => "512M" };
        var fileSize = new Option<string>("--file-size") { Description = "the file the random I/O spans", DefaultValueFactory = _ => "256M" };
        var qd = new Option<int>("--qd") { Description = "I/Os outstanding (fio gets the same)", DefaultValueFactory = _ => 32 };
        var seconds = new Option<double>("--seconds") { Description = "seconds per side and direction", DefaultValueFactory = _ => 6 };
        var cycles = new Option<int>("--cycles") { Description = "truncate-by-one-block-and-extend cycles for the lease break cost", DefaultValueFactory = _ => 2000 };
        var seed = new Option<ulong>("--seed") { Description = "seed of the random offsets", DefaultValueFactory = _ => 1 };
        var noFio = new Option<bool>("--no-fio") { Description = "skip fio" };
        var json = new Option<bool>("--json") { Description = "print one JSON object" };
        var command = new Command("direct", "4K random I/O on a file: direct session vs ordinary read/write vs fio --fixedbufs --registerfiles; lease break cost")
            { loops, loopSize, fileSize, qd, seconds, cycles, seed, noFio, json };
        command.SetAction(async (parse, ct) =>
        {
            var reporter = new Reporter(parse.GetValue(json));
            try
            {
                var settings = new DirectBenchSettings(parse.GetValue(loops), ByteSize.Parse(parse.GetValue(loopSize)!), ByteSize.Parse(parse.GetValue(fileSize)!),
                    parse.GetValue(qd), TimeSpan.FromSeconds(parse.GetValue(seconds)), parse.GetValue(cycles), parse.GetValue(seed), !parse.GetValue(noFio));
                if (settings.Validate() is { } problem) return Reporter.Fail(problem);
                if (LoopDevice.Unavailable() is { } why) return Reporter.Fail($"bench direct needs loop devices: {why}");
                if (settings.RunFio && Bench.FioRunner.Find() is null) return Reporter.Fail("fio is not installed; install it or pass --no-fio");
                await using var services = new ServiceCollection().AddLayeredBlockStack(o => o.InlineCompletions = true).BuildServiceProvider();
                reporter.Progress($"bench direct: raid0 of {settings.Loops} loops, 4K random I/O at QD {settings.QueueDepth} over {ByteSize.Format(settings.FileBytes)}, {settings.PhaseDuration.TotalSeconds:0.#} s per side, seed {settings.Seed}");
                var report = await new DirectBenchmark(settings, services.GetRequiredService<DeviceFactory>(), services.GetRequiredService<BufferRegistry>(), reporter.Progress).RunAsync(ct);
                reporter.Report(report, PrintHuman);
                return 0;
            }
            catch (Exception e) when (PlainFailure.Is(e))
            {
                return Reporter.Fail(e.Message);
            }
        });
        return command;
    }

    private static void PrintHuman(JsonObject report)
    {
        IopsTable.Print(new[] { "direct", "ordinary", "fio_fixed" }.Select(side => (side, report[side])), report);
        var lease = report["lease_break"]!;
        Console.WriteLine($"lease break: recall to release p50 {lease["recall_to_release_p50_us"]} us, p99 {lease["recall_to_release_p99_us"]} us over {lease["recalls"]} recalls");
    }
}
