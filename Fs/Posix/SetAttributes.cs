namespace Layered.Fs.Posix;

/// <summary>
/// A setattr request: each field that is not null is changed. A time of <see cref="Now"/> means
/// "the current time" (UTIME_NOW). Changing <see cref="Size"/> truncates or extends the file.
/// </summary>
public sealed record SetAttributes
{
    public const long Now = long.MinValue;

    public uint? Mode { get; init; }
    public uint? Uid { get; init; }
    public uint? Gid { get; init; }
    public long? Size { get; init; }
    public long? AccessNs { get; init; }
    public long? ModifyNs { get; init; }
    public long? ChangeNs { get; init; }

    /// <summary>Privileges the change takes away, applied after the fields above (a chmod in the same request still loses them).</summary>
    public PrivilegeDrop Drop { get; init; }
}
