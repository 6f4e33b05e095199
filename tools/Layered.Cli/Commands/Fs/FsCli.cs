using System.CommandLine;
using Layered.Cli.Lifetime;
using Layered.Cli.Output;

namespace Layered.Cli.Commands.Fs;

/// <summary>What the filesystem commands share: options, DI, and one way of turning failures into messages and exit codes.</summary>
internal static class FsCli
{
    /// <summary>The exit code of an interrupted command, as shells report SIGINT.</summary>
    public const int InterruptedExitCode = 130;

    public static Option<bool> Json() => new("--json") { Description = "print one JSON object on stdout (progress goes to stderr)" };

    public static Argument<string[]> Devices() => new("devices")
    {
        Description = "the filesystem's devices (image files, block devices, mem:SIZE, sim:SIZE[:SEED]), as arguments or comma-separated",
        Arity = ArgumentArity.OneOrMore,
    };

    /// <summary>
    /// Runs a command body with DI and opened devices. Failures become one line on stderr (and
    /// an error object with --json) and <paramref name="errorExitCode"/>; no stack trace escapes.
    /// The body's token is cancelled by Ctrl-C or SIGTERM, and everything it opened is closed.
    /// </summary>
    public static async Task<int> RunAsync(ParseResult parse, Option<bool> json, CancellationToken cancel, Func<FsContext, CancellationToken, Task<int>> body, int errorExitCode = 1)
    {
        var reporter = new Reporter(parse.GetValue(json));
        using var signals = new TerminationSignals(cancel);
        var ct = signals.Token;
        try
        {
            return await CommandScope.RunAsync(factory => new FsContext(factory, reporter), context => body(context, ct));
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            return reporter.Fail("interrupted", InterruptedExitCode);
        }
        catch (AggregateException e) when (e.InnerExceptions.Count > 0)
        {
            var (message, errno) = ErrorMessage.Describe(e.InnerExceptions[0]);
            return reporter.Fail(e.InnerExceptions.Count == 1 ? message : $"{message} (and {e.InnerExceptions.Count - 1} more)", errorExitCode, errno);
        }
        catch (Exception e)
        {
            var (message, errno) = ErrorMessage.Describe(e);
            return reporter.Fail(message, errorExitCode, errno);
        }
    }
}
