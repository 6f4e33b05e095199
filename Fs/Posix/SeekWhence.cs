namespace Layered.Fs.Posix;

/// <summary>The lseek whence values the filesystem answers itself (the others need no metadata).</summary>
public enum SeekWhence
{
    Data = 3,
    Hole = 4,
}
