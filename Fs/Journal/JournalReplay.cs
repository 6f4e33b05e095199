namespace Layered.Fs.Journal;

/// <summary>
/// What a replay did: how many committed transactions it wrote home, how many images they held
/// (an image superseded by a later one in the same transaction is counted but written once), and
/// the highest transaction the journal has ever committed.
/// </summary>
public sealed record JournalReplay(int Transactions, int Blocks, ulong LastTransaction)
{
    /// <summary>
    /// Transactions found in the log but not applied because one of them failed its check: the
    /// failing one and every later one that verifies. A torn uncommitted tail counts here as 1
    /// when its first descriptor reached the disk.
    /// </summary>
    public int DiscardedTransactions { get; init; }
}
