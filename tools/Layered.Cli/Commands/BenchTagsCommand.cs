using System.CommandLine;
using System.Text.Json.Nodes;
using Layered.BlockStack.Buffers;
using Layered.BlockStack.Composition;
using Layered.Cli.Bench;
using Layered.Cli.Output;
using Microsoft.Extensions.DependencyInjection;

namespace Layered.Cli.Commands;

/// <summary><c>layered bench tags</c>: tagged vs plain 4K random I/O, and optionally fio, on one device.</summary>
internal static class BenchTagsCommand
{
    public static Command Create()
    {
        var device = new Option<string>("--device") { Description = "mem, loop (a fresh loop device), image (.layered/bench.img) or a PATH; default: loop when available, else image" };
        var bs = new Option<string>("--bs") { Description = "block size", DefaultValueFactory = _ => "4k" };
        var qd = new Option<int>("--qd") { Description = "I/Os outstanding", DefaultValueFactory = _ => 32 };
        var seconds = new Option<double>("--seconds") { Description = "seconds per path and direction", DefaultValueFactory = _ => 6 };
        var size = new Option<string>("--size") { Description = "working set (and size of created devices)", DefaultValueFactory = _ => "1G" };
        var seed = new Option<ulong>("--seed") { Description = "seed of the random offsets", DefaultValueFactory = _ => 1 };
        var fio = new Option<bool>("--fio") { Description = "also run fio --ioengine=io_uring with and without --fixedbufs --registerfiles" };
        var json = new Option<bool>("--json") { Description = "print one JSON object" };
        var command = new Command("tags", "4K random reads and writes through the plain and the tagged path, side by side") { device, bs, qd, seconds, size, seed, fio, json };
        command.SetAction(async parse =>
        {
            var reporter = new Reporter(parse.GetValue(json));
            try
            {
                var settings = new TagsBenchmarkSettings(
                    checked((int)ByteSize.Parse(parse.GetValue(bs)!)), parse.GetValue(qd),
                    TimeSpan.FromSeconds(parse.GetValue(seconds)), ByteSize.Parse(parse.GetValue(size)!),
                    parse.GetValue(seed), parse.GetValue(fio));
                if (settings.QueueDepth is < 1 or > 1024) return Reporter.Fail("--qd must be between 1 and 1024");
                if (settings.BlockBytes % 512 != 0 || settings.BlockBytes > 1 << 20) return Reporter.Fail("--bs must be a multiple of 512 up to 1M");
                if (settings.Duration <= TimeSpan.Zero) return Reporter.Fail("--seconds must be positive");
                await using var services = new ServiceCollection()
                    .AddLayeredBlockStack(o => o.InlineCompletions = true)
                    .BuildServiceProvider();
                var spec = parse.GetValue(device) ?? BenchTarget.DefaultSpec;
                reporter.Progress($"bench tags: {ByteSize.Format(settings.BlockBytes)} random I/O at QD {settings.QueueDepth}, {settings.Duration.TotalSeconds:0.#} s per path, seed {settings.Seed}");
                await using var target = BenchTarget.Open(spec, settings.SpanBytes, services.GetRequiredService<DeviceFactory>(), reporter.Progress);
                if (settings.RunFio && target.Path is null) return Reporter.Fail("--fio needs a device fio can open: loop, image or a path, not mem");
                reporter.Progress($"device: {target.Describe()}");
                var report = await new TagsBenchmark(settings, reporter.Progress).RunAsync(target, services.GetRequiredService<BufferRegistry>());
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
        var fio = report["fio"] as JsonObject;
        IopsTable.Print([("plain", report["plain"]), ("tagged", report["tagged"]), ("fio plain", fio?["plain"]), ("fio fixed", fio?["fixed"])], report);
    }
}
