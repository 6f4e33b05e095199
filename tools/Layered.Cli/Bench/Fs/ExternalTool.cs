using System.Diagnostics;

namespace Layered.Cli.Bench.Fs;

/// <summary>Runs mkfs.xfs, mount and umount, bounded, turning a failure into a message with the tool's own words.</summary>
internal static class ExternalTool
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(60);

    public static string? Find(string name) =>
        new[] { "/usr/sbin", "/sbin", "/usr/bin", "/bin" }.Select(d => Path.Combine(d, name)).FirstOrDefault(File.Exists);

    public static string Run(string name, IEnumerable<string> arguments, TimeSpan? timeout = null)
    {
        var path = Find(name) ?? throw new InvalidOperationException($"{name} is not installed");
        var start = new ProcessStartInfo(path) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"cannot start {name}");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout ?? DefaultTimeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{name} {string.Join(' ', start.ArgumentList)} did not finish in {(timeout ?? DefaultTimeout).TotalSeconds:0} s");
        }
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{name} {string.Join(' ', start.ArgumentList)} failed ({process.ExitCode}): {error.Result.Trim()}");
        return output.Result;
    }
}
