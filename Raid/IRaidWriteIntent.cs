namespace Layered.Raid;

/// <summary>
/// Records which regions of the array may hold writes that not every member has: a
/// write-intent bitmap. The set calls <see cref="BeginWriteAsync"/> before a write reaches any
/// member (it returns once the intent is durable) and <see cref="EndWrite"/> after.
/// </summary>
public interface IRaidWriteIntent
{
    ValueTask BeginWriteAsync(long offsetBytes, long lengthBytes);

    void EndWrite(long offsetBytes, long lengthBytes);

    /// <summary>
    /// Clears regions no write has touched since <paramref name="flushed"/> began, after the
    /// members were flushed. Called only while every member is in sync.
    /// </summary>
    ValueTask ClearSettledAsync(Func<Task<bool>> flushed);

    /// <summary>The array ranges that may differ between members.</summary>
    IReadOnlyList<(long OffsetBytes, long LengthBytes)> DirtyRanges();
}
