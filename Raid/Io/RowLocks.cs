namespace Layered.Raid.Io;

/// <summary>
/// Serialises writers, rebuild windows and degraded reads on the same rows, so parity and
/// mirror copies are never computed from a half-written row. Rows hash onto a fixed set of
/// async locks; a caller needing several takes them in ascending order, so two callers can
/// never wait on each other.
/// </summary>
internal sealed class RowLocks
{
    private const int LockCount = 1024;

    private readonly SemaphoreSlim[] _locks = Enumerable.Range(0, LockCount).Select(_ => new SemaphoreSlim(1, 1)).ToArray();

    /// <summary>Locks every row in [firstRow, endRow); dispose the result to release them.</summary>
    public async ValueTask<Releaser> LockAsync(long firstRow, long endRow)
    {
        var indexes = RowIndexes(firstRow, endRow);
        for (var i = 0; i < indexes.Length; i++)
        {
            try
            {
                await _locks[indexes[i]].WaitAsync().ConfigureAwait(false);
            }
            catch
            {
                for (var j = 0; j < i; j++) _locks[indexes[j]].Release();
                throw;
            }
        }
        return new Releaser(this, indexes);
    }

    private static int[] RowIndexes(long firstRow, long endRow)
    {
        if (endRow - firstRow == 1) return [(int)(firstRow % LockCount)];
        if (endRow - firstRow >= LockCount) return Enumerable.Range(0, LockCount).ToArray();
        var set = new SortedSet<int>();
        for (var row = firstRow; row < endRow; row++) set.Add((int)(row % LockCount));
        return [.. set];
    }

    public readonly struct Releaser(RowLocks owner, int[] indexes) : IDisposable
    {
        /// <summary>Releases the rows; the default value (nothing locked) releases nothing.</summary>
        public void Dispose()
        {
            if (indexes is null) return;
            foreach (var index in indexes) owner._locks[index].Release();
        }
    }
}
