using System.Diagnostics;
using Layered.TestKit.Requirements;

namespace Layered.TestKit.Processes;

/// <summary>Runs a shell command as nobody (uid and gid 65534, no groups) through setpriv, or runuser where setpriv is absent.</summary>
public static class UnprivilegedShell
{
    public const int Nobody = 65534;

    private static readonly string? s_setpriv = Find("setpriv");
    private static readonly string? s_runuser = Find("runuser");

    public static string? Unavailable() => s_setpriv is null && s_runuser is null ? "neither setpriv nor runuser is installed to drop privileges" : null;

    public static async Task<(int ExitCode, string Output)> RunAsync(string command)
    {
        var start = s_setpriv is not null
            ? new ProcessStartInfo(s_setpriv) { ArgumentList = { $"--reuid={Nobody}", $"--regid={Nobody}", "--clear-groups", "/bin/sh", "-c", command } }
            : new ProcessStartInfo(s_runuser!) { ArgumentList = { "-u", "nobody", "--", "/bin/sh", "-c", command } };
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"cannot start {start.FileName}");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        return (process.ExitCode, await output + await error);
    }

    private static string? Find(string name) =>
        new[] { "/usr/bin", "/bin", "/usr/sbin", "/sbin" }.Select(d => Path.Combine(d, name)).FirstOrDefault(File.Exists);

    /// <summary>Skips a test class, naming why, where privileges cannot be dropped.</summary>
    public sealed class RequiredAttribute : TestRequirementAttribute
    {
        public override bool IsMet(out string whyNot)
        {
            whyNot = Unavailable() ?? "";
            return whyNot.Length == 0;
        }
    }
}
