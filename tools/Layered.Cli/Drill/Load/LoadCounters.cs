namespace Layered.Cli.Drill.Load;

/// <summary>What the load has done and seen, updated by every lane and sampled every second.</summary>
internal sealed class LoadCounters
{
    private long _reads;
    private long _writes;
    private long _flushes;
    private long _bytesRead;
    private long _bytesWritten;
    private long _errors;
    private long _wrongSectors;

    public long Reads => Interlocked.Read(ref _reads);

    public long Writes => Interlocked.Read(ref _writes);

    public long Flushes => Interlocked.Read(ref _flushes);

    public long Ops => Reads + Writes + Flushes;

    public long BytesRead => Interlocked.Read(ref _bytesRead);

    public long BytesWritten => Interlocked.Read(ref _bytesWritten);

    /// <summary>I/Os that returned a status other than Ok (or threw).</summary>
    public long Errors => Interlocked.Read(ref _errors);

    /// <summary>Sectors read back holding something the model does not allow.</summary>
    public long WrongSectors => Interlocked.Read(ref _wrongSectors);

    public void Read(long bytes)
    {
        Interlocked.Increment(ref _reads);
        Interlocked.Add(ref _bytesRead, bytes);
    }

    public void Wrote(long bytes)
    {
        Interlocked.Increment(ref _writes);
        Interlocked.Add(ref _bytesWritten, bytes);
    }

    public void Flushed() => Interlocked.Increment(ref _flushes);

    public void Error() => Interlocked.Increment(ref _errors);

    public void Wrong(long sectors) => Interlocked.Add(ref _wrongSectors, sectors);
}
