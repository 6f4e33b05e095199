namespace Layered.Raid.Parity.Operations;

/// <summary>A parity operation that runs once every data chunk of the call is pinned.</summary>
internal unsafe interface IPinnedChunksOperation
{
    /// <summary>
    /// <paramref name="chunks"/>[i] is the address of data chunk i, or null for a missing chunk.
    /// The array is scratch: the operation may overwrite entries.
    /// </summary>
    void Run(byte** chunks, int count);
}
