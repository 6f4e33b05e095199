using System.CommandLine;
using System.Text.Json.Nodes;
using Layered.BlockStack.Composition;
using Layered.Cli.Bench.Fs;
using Layered.Cli.Commands.Fs;
using Layered.Cli.Output;
using Layered.Cli.Serving;

namespace Layered.Cli.Commands;

/// <summary><c>layered bench fs</c> and <c>bench fuse</c>: metadata, throughput, IOPS and fsync latency of our filesystem against kernel XFS.</summary>
internal static class BenchFsCommand
{
    public static Command Create() => Create("fs", "Our filesystem against kernel XFS on identical loop devices: metadata ops/s, throughput, IOPS, fsync latency",
        (_, settings, context) => new InProcessSide(settings, context.Factory, context.Reporter.Progress));

    /// <summary>
    /// <c>layered bench fuse</c>: the same workload and XFS side, with ours mounted through our FUSE
    /// host and driven through the mount.
    /// </summary>
    public static Command CreateFuse()
    {
        var serving = new FuseFlags(allowOther: false);
        return Create("fuse", "Our filesystem through a FUSE mount against kernel XFS on identical loop devices, with the same file syscalls on both",
            (parse, settings, context) => new Bench.Fuse.FuseSide(settings, serving.Read(parse, context.Reporter.Progress), context.Factory, context.Reporter.Progress),
            serving.Options);
    }

    private static Command Create(string name, string description, Func<ParseResult, FsBenchSettings, FsContext, IOursSide> ours, IEnumerable<Option>? extra = null)
    {
        var size = new Option<string>("--size") { Description = "size of each filesystem's device", DefaultValueFactory = _ => "1G" };
        var files = new Option<int>("--files") { Description = "files to create, look up, stat and unlink in one directory", DefaultValueFactory = _ => 100_000 };
        var seconds = new Option<double>("--seconds") { Description = "seconds per timed data phase; each metadata phase stops after twice this", DefaultValueFactory = _ => 2 };
        var qd = new Option<int>("--qd") { Description = "random I/Os in flight", DefaultValueFactory = _ => 4 };
        var seed = new Option<ulong>("--seed") { Description = "seed of the random offsets and lookup order", DefaultValueFactory = _ => 1 };
        var noXfs = new Option<bool>("--no-xfs") { Description = "run ours only" };
        var json = new Option<bool>("--json") { Description = "print one JSON object" };
        var command = new Command(name, description) { size, files, seconds, qd, seed, noXfs, json };
        foreach (var option in extra ?? []) command.Options.Add(option);
        command.SetAction((parse, cancel) => FsCli.RunAsync(parse, json, cancel, async (context, ct) =>
        {
            var settings = new FsBenchSettings(ByteSize.Parse(parse.GetValue(size)!), parse.GetValue(files), TimeSpan.FromSeconds(parse.GetValue(seconds)),
                parse.GetValue(qd), !parse.GetValue(noXfs), parse.GetValue(seed));
            if (settings.Validate() is { } problem) throw new FormatException(problem);
            context.Reporter.Progress($"bench {name}: {ByteSize.Format(settings.SizeBytes)} devices, {settings.Files:N0} files, {settings.PhaseDuration.TotalSeconds:0.#} s per data phase, QD {settings.QueueDepth}");
            var report = await new FsBenchmark(settings, ours(parse, settings, context), context.Reporter.Progress).RunAsync(ct);
            context.Reporter.Report(report, PrintHuman);
            return 0;
        }));
        return command;
    }

    private static void PrintHuman(JsonObject report)
    {
        var xfs = report["xfs"] as JsonObject;
        var ours = report["layered"]!.AsObject();
        Console.WriteLine();
        Console.WriteLine($"{"",-30} {"unit",-6} {"layered",12} {"xfs",12} {"ratio",8}");
        foreach (var metric in FsBenchMetric.All)
        {
            var ratio = report["ratios"]![metric.Key] is { } r ? $"{(double)r:F3}" : "-";
            var theirs = xfs is null ? "-" : $"{(double)xfs[metric.Key]!:N1}";
            Console.WriteLine($"{metric.Label,-30} {metric.Unit,-6} {(double)ours[metric.Key]!,12:N1} {theirs,12} {ratio,8}{(metric.HigherIsBetter ? "" : "  (lower is better)")}");
        }
        Console.WriteLine($"files: layered {ours["files"]}, xfs {xfs?["files"]?.ToString() ?? "-"}; ratio = layered / xfs");
        if (report["xfs_skipped"] is { } skipped) Console.WriteLine($"xfs skipped: {skipped}");
    }
}
