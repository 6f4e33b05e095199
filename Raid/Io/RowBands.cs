using Layered.BlockStack.Buffers;
using Layered.Raid.Parity;

namespace Layered.Raid.Io;

/// <summary>
/// The same sector range [lo, hi) of every chunk in one row: data bands by chunk index, and
/// P and Q. A band is either scratch memory (read or reconstructed here) or borrowed from the
/// caller's request. Disposing returns the scratch.
/// </summary>
internal sealed class RowBands(AlignedBufferPool pool, int dataChunks, int bandBytes) : IDisposable
{
    private readonly List<AlignedMemory> _rented = [];

    public ReadOnlyMemory<byte>[] Data { get; } = new ReadOnlyMemory<byte>[dataChunks];

    public Memory<byte> P { get; private set; }

    public Memory<byte> Q { get; private set; }

    public int BandBytes => bandBytes;

    /// <summary>Scratch for a data band; the caller fills it.</summary>
    public Memory<byte> RentData(int chunk)
    {
        var memory = Rent();
        Data[chunk] = memory;
        return memory;
    }

    public void BorrowData(int chunk, ReadOnlyMemory<byte> memory) => Data[chunk] = memory;

    public Memory<byte> RentP() => P = Rent();

    public Memory<byte> RentQ() => Q = Rent();

    /// <summary>Scratch for a band's data chunk as writable memory (the chunk must have been rented).</summary>
    public Memory<byte> Writable(int chunk) => System.Runtime.InteropServices.MemoryMarshal.AsMemory(Data[chunk]);

    /// <summary>
    /// Recomputes up to two missing data bands from the others and whatever parity was read.
    /// Returns false when too much is missing.
    /// </summary>
    public bool TryRecover(IReadOnlyList<int> missing, bool havePBand, bool haveQBand)
    {
        switch (missing.Count)
        {
            case 0:
                return true;
            case 1 when havePBand:
                RaidParity.RecoverDataFromP(Data, P.Span, missing[0], RentData(missing[0]).Span);
                return true;
            case 1 when haveQBand:
                RaidParity.RecoverDataFromQ(Data, Q.Span, missing[0], RentData(missing[0]).Span);
                return true;
            case 2 when havePBand && haveQBand:
                var (x, y) = (missing[0], missing[1]);
                var dx = Rent();
                var dy = Rent();
                RaidParity.RecoverTwoData(Data, P.Span, Q.Span, x, y, dx.Span, dy.Span);
                Data[x] = dx;
                Data[y] = dy;
                return true;
            default:
                return false;
        }
    }

    /// <summary>Computes P (and Q when there are two parity chunks) over every data band.</summary>
    public void ComputeParity(int parityChunks)
    {
        if (parityChunks == 1) RaidParity.ComputeP(Data, RentP().Span);
        else RaidParity.ComputePQ(Data, RentP().Span, RentQ().Span);
    }

    private Memory<byte> Rent()
    {
        var buffer = pool.Rent();
        _rented.Add(buffer);
        return buffer.Memory[..bandBytes];
    }

    public void Dispose()
    {
        foreach (var buffer in _rented) pool.Return(buffer);
        _rented.Clear();
    }
}
