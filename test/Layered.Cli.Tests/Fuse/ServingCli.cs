using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;
using Layered.Fuse.Mounting;

namespace Layered.Cli.Tests.Fuse;

/// <summary>
/// A `layered mount` or `layered up` serving in a child process. Every wait is bounded; disposing
/// kills the child if it still runs and lazily detaches whatever is left on the mount point, so no
/// test leaves a mount behind, whatever it asserted.
/// </summary>
internal sealed class ServingCli : IAsyncDisposable
{
    public const int SIGKILL = 9;
    public const int SIGINT = 2;
    public const int SIGTERM = 15;

    private readonly Process _process;
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();

    private ServingCli(Process process, string mountPoint)
    {
        _process = process;
        MountPoint = Path.TrimEndingDirectorySeparator(Path.GetFullPath(mountPoint));
    }

    public string MountPoint { get; }

    public int ProcessId => _process.Id;

    public string Stdout { get { lock (_stdout) return _stdout.ToString(); } }

    public string Stderr { get { lock (_stderr) return _stderr.ToString(); } }

    /// <summary>Starts the CLI and waits until its mount appears in /proc/self/mountinfo.</summary>
    public static async Task<ServingCli> StartAsync(string arguments, string mountPoint, string? workingDirectory = null, TimeSpan? timeout = null)
    {
        var start = CliRunner.StartInfo(arguments);
        start.WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory;
        var process = Process.Start(start) ?? throw new InvalidOperationException("cannot start the CLI");
        var serving = new ServingCli(process, Path.Combine(start.WorkingDirectory, mountPoint));
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (serving._stdout) serving._stdout.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (serving._stderr) serving._stderr.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        process.StandardInput.Close();
        try
        {
            await serving.WaitForMountAsync(timeout ?? TimeSpan.FromSeconds(90));
            return serving;
        }
        catch
        {
            await serving.DisposeAsync();
            throw;
        }
    }

    private async Task WaitForMountAsync(TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        // Progress lines come first; the status (a human line, or a whole JSON object) only once serving begins.
        while (!(MountTable.Find(MountPoint) is { FileSystemType: "fuse.layered" } && StatusPrinted()))
        {
            if (_process.HasExited) throw new InvalidOperationException($"the CLI exited with {_process.ExitCode} before mounting: {Stderr}");
            if (clock.Elapsed > timeout) throw new TimeoutException($"{MountPoint} was not mounted within {timeout.TotalSeconds:0} s: {Stderr}");
            await Task.Delay(100);
        }
    }

    private bool StatusPrinted()
    {
        var stdout = Stdout;
        return stdout.Contains("Layered is up", StringComparison.Ordinal) || stdout.Contains("mounted '", StringComparison.Ordinal)
            || stdout.Split('\n').Any(line => line.TrimEnd() == "}");
    }

    public void Signal(int signal)
    {
        if (Kill(_process.Id, signal) != 0) throw new InvalidOperationException($"kill({_process.Id}, {signal}) failed: errno {Marshal.GetLastPInvokeError()}");
    }

    /// <summary>Waits for the child to exit and returns its exit code.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"the CLI did not exit within {timeout.TotalSeconds:0} s: {Stderr}");
        }
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
            }
        }
        finally
        {
            // A killed server leaves its mount behind (every access fails with ENOTCONN): detach it lazily.
            for (var attempt = 0; attempt < 10 && MountTable.IsMounted(MountPoint); attempt++) FuseMount.Unmount(MountPoint, lazy: true);
            _process.Dispose();
        }
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
#pragma warning disable SYSLIB1054 // LibraryImport would need AllowUnsafeBlocks in the test project
    private static extern int Kill(int pid, int signal);
#pragma warning restore SYSLIB1054
}
