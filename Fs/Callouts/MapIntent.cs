namespace Layered.Fs.Callouts;

/// <summary>Why a caller maps a range: to read it, or to write it (which allocates holes as Unwritten).</summary>
public enum MapIntent
{
    Read,
    Write,
}
