using System.Diagnostics;

namespace Layered.Cli.Tests;

/// <summary>Runs the built `layered` CLI as a child process, bounded so a hang fails the test.</summary>
internal static class CliRunner
{
    public sealed record Result(int ExitCode, string Stdout, string Stderr);

    /// <summary>How the built CLI is started with <paramref name="arguments"/>: every stream redirected, so the test owns them.</summary>
    public static ProcessStartInfo StartInfo(string arguments) =>
        new("dotnet", $"\"{Path.Combine(AppContext.BaseDirectory, "layered.dll")}\" {arguments}")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };

    public static async Task<Result> RunAsync(string arguments, TimeSpan? timeout = null)
    {
        using var process = Process.Start(StartInfo(arguments)) ?? throw new InvalidOperationException("cannot start the CLI");
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(120));
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"layered {arguments} did not finish: {await stderr}");
        }
        return new Result(process.ExitCode, await stdout, await stderr);
    }
}
