namespace Layered.Fs.Journal;

/// <summary>What replay found at one log position: a sound record, or why the log ends there.</summary>
internal readonly record struct RecordScan(JournalRecord? Record, RecordScan.Ending End, string Reason)
{
    public enum Ending
    {
        /// <summary>A sound record; the log goes on after it.</summary>
        None,

        /// <summary>Nothing of this log is here: the log simply ends.</summary>
        Clean,

        /// <summary>This log's next record is here but fails a check: torn by a crash, or damaged.</summary>
        Broken,

        /// <summary>A record of a log newer than the header in use: the newest header copy was lost.</summary>
        NewerLog,
    }

    public static RecordScan Of(JournalRecord record) => new(record, Ending.None, "");

    public static RecordScan Clean(string reason) => new(null, Ending.Clean, reason);

    public static RecordScan Broken(string reason) => new(null, Ending.Broken, reason);

    public static RecordScan NewerLog(string reason) => new(null, Ending.NewerLog, reason);
}
