namespace Layered.Cli.Lifetime;

/// <summary>
/// Resources outside the process (mounts, loop devices) that must be undone before it exits.
/// On Ctrl-C, System.CommandLine stops waiting for a command after a short grace period and
/// returns from Main; Program waits here so the command's finally blocks still get to run.
/// </summary>
internal static class PendingCleanup
{
    private static int s_pending;

    /// <summary>Marks one resource held until the returned handle is disposed.</summary>
    public static IDisposable Hold()
    {
        Interlocked.Increment(ref s_pending);
        return new Handle();
    }

    /// <summary>Waits, up to a limit, for every held resource to be released.</summary>
    public static async Task WaitAsync(TimeSpan limit)
    {
        var deadline = DateTime.UtcNow + limit;
        while (Volatile.Read(ref s_pending) > 0 && DateTime.UtcNow < deadline) await Task.Delay(50);
        if (Volatile.Read(ref s_pending) > 0) Console.Error.WriteLine($"layered: {s_pending} mount(s) or loop device(s) may be left behind; the next bench run reaps them");
    }

    private sealed class Handle : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0) Interlocked.Decrement(ref s_pending);
        }
    }
}
