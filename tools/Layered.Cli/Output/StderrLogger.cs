using Microsoft.Extensions.Logging;

namespace Layered.Cli.Output;

/// <summary>
/// Log lines from the libraries (a corrupt metadata block, a journal replay) on stderr, one line
/// each, so they never mix into a command's --json output.
/// </summary>
public sealed class StderrLogger(string category, LogLevel minimum = LogLevel.Information) : ILogger
{
    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel >= minimum;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (!IsEnabled(logLevel)) return;
        Console.Error.WriteLine($"{category}: {logLevel.ToString().ToLowerInvariant()}: {formatter(state, exception)}");
    }
}
