using Layered.Fs;
using Layered.Fs.Volumes;
using Layered.Raid.Assembly;

namespace Layered.Cli.Output;

/// <summary>
/// Turns what a command threw into one line for people (and the errno name for scripts). The
/// libraries' messages already say what and where; this only flattens them and names the errno.
/// </summary>
internal static class ErrorMessage
{
    public static (string Message, string? Errno) Describe(Exception e) => e switch
    {
        FsException fs => ($"{OneLine(fs.Message)} ({fs.Errno})", fs.Errno.ToString()),
        VolumeSetException or RaidAssemblyException => (OneLine(e.Message), null),
        FileNotFoundException or DirectoryNotFoundException => (OneLine(e.Message), "ENOENT"),
        UnauthorizedAccessException => (OneLine(e.Message), "EACCES"),
        IOException or InvalidOperationException or ArgumentException or FormatException => (OneLine(e.Message), null),
        NotImplementedException => ($"not implemented yet: {OneLine(e.Message)}", "ENOSYS"),
        // A bug, not bad input: still one line, but named so it can be reported.
        _ => ($"unexpected {e.GetType().Name}: {OneLine(e.Message)}", null),
    };

    private static string OneLine(string message) =>
        string.Join("; ", message.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}
