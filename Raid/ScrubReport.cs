namespace Layered.Raid;

/// <summary>
/// Where a scrub stands, or how it ended. <see cref="RowsChecked"/> counts rows scanned so far
/// (it reaches <see cref="Rows"/> when the scrub completes); of those, <see cref="UnreadableRows"/>
/// held data that could neither be read nor reconstructed, and <see cref="UnverifiableRows"/>
/// could be read but had no redundancy left to compare (missing members). Linear and raid0 have
/// no redundancy at all, so for them a scrub only proves that every row reads.
/// <see cref="LatentErrorsRepaired"/> counts member chunks that failed to read and were rewritten
/// from redundancy, in either mode. <see cref="BytesPerSecond"/> is array data scanned per second.
/// </summary>
public sealed record ScrubReport(
    ScrubMode Mode,
    long RowsChecked,
    long Rows,
    long MismatchedRows,
    long RepairedRows,
    long LatentErrorsRepaired,
    long UnreadableRows,
    TimeSpan Elapsed,
    double BytesPerSecond,
    long UnverifiableRows = 0)
{
    public double Fraction => Rows == 0 ? 1 : (double)RowsChecked / Rows;

    public override string ToString() =>
        $"{Mode.ToString().ToLowerInvariant()}: {RowsChecked}/{Rows} rows, {MismatchedRows} mismatched, {RepairedRows} repaired, "
        + $"{LatentErrorsRepaired} latent errors repaired, {UnreadableRows} unreadable, {UnverifiableRows} unverifiable, "
        + $"{Elapsed.TotalSeconds:0.00} s, {BytesPerSecond / (1 << 20):0.0} MiB/s";
}
