namespace Layered.Cli.Output;

/// <summary>
/// The failures that commands without an errno report (raid, bench) print as their own one-line
/// message: bad input, and a device, file or tool that failed. Anything else is a bug and keeps
/// its stack trace.
/// </summary>
internal static class PlainFailure
{
    public static bool Is(Exception e) =>
        e is IOException or InvalidOperationException or ArgumentException or FormatException or UnauthorizedAccessException;
}
