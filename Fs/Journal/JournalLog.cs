using Microsoft.Extensions.Logging;

namespace Layered.Fs.Journal;

/// <summary>The journal's log messages, generated once so the hot path never formats a string it does not log.</summary>
internal static partial class JournalLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information,
        Message = "journal {Start}: replayed {Transactions} transaction(s), {Images} image(s) to {Volumes} volume(s), through transaction {LastTransaction}")]
    public static partial void Replayed(ILogger logger, string start, int transactions, int images, int volumes, ulong lastTransaction);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning,
        Message = "journal {Start}: discarded a torn, uncommitted tail: {Problem}")]
    public static partial void DiscardedTornTail(ILogger logger, string start, string problem);

    [LoggerMessage(EventId = 3, Level = LogLevel.Error,
        Message = "journal {Start}: {Problem}; it and {Later} later committed transaction(s) are discarded, replay stops before it")]
    public static partial void DiscardedCorruptTransaction(ILogger logger, string start, string problem, int later);

    [LoggerMessage(EventId = 4, Level = LogLevel.Warning,
        Message = "journal {Start}: header copy {Copy} is unusable ({Problem}); using generation {Generation} from the other copy")]
    public static partial void HeaderCopyUnusable(ILogger logger, string start, int copy, string problem, ulong generation);

    [LoggerMessage(EventId = 5, Level = LogLevel.Debug,
        Message = "journal {Start}: the log ends at block {Position}: {Reason}")]
    public static partial void LogEnds(ILogger logger, string start, long position, string reason);
}
