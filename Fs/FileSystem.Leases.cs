using Layered.BlockStack.Uring;
using Layered.Leases;

namespace Layered.Fs;

public sealed partial class FileSystem
{
    /// <summary>
    /// The layout lease table of this filesystem. Anything that would free or move the blocks of
    /// a leased range breaks the overlapping leases first, before it takes any lock of its own:
    /// a holder draining its I/O may still need the file's lock to finish a write.
    /// </summary>
    public LeaseTable Leases { get; }

    private static readonly BreakOptions s_readLeasesOnly = new() { OnlyReadLeases = true };

    /// <summary>Breaks every lease on [offset, offset+length) of the file: the range is about to lose or move blocks.</summary>
    private ValueTask<BreakScope> BreakLayoutAsync(ulong ino, long offset, long length, bool nonBlocking, CancellationToken ct)
    {
        var from = offset / BlockSize * BlockSize;
        var to = length >= long.MaxValue - offset ? long.MaxValue : (offset + length + BlockSize - 1) / BlockSize * BlockSize;
        return BreakAsync(ino, from, to - from, nonBlocking ? new BreakOptions { NonBlocking = true } : BreakOptions.All, ct);
    }

    /// <summary>
    /// Allocation into a hole changes what a read layout saw (a hole reads as zeros without I/O),
    /// so read leases on the range are broken; a write layout's holder allocates through map
    /// itself. Skipped, cheaply, when the file has no read lease at all.
    /// </summary>
    private async ValueTask<BreakScope?> BreakReadLayoutsAsync(ulong ino, long offset, long length, ILeaseHolder? except, CancellationToken ct, bool nonBlocking = false)
    {
        if (!Leases.Active(ino).Any(l => l.Mode == LeaseMode.Read && l.Holder != except)) return null;
        var options = s_readLeasesOnly with { ExceptHolder = except, NonBlocking = nonBlocking };
        return await BreakAsync(ino, offset / BlockSize * BlockSize, BlocksCovering(offset, length) * BlockSize, options, ct).ConfigureAwait(false);
    }

    /// <summary>The lease table's refusals, as the errnos a filesystem caller expects.</summary>
    private async ValueTask<BreakScope> BreakAsync(ulong ino, long offset, long length, BreakOptions options, CancellationToken ct)
    {
        try
        {
            return await Leases.BreakAsync(ino, offset, length, options, ct).ConfigureAwait(false);
        }
        catch (LeaseBreakWouldBlockException error)
        {
            throw new FsException(Errno.EAGAIN, $"inode {ino}: {error.Message}", error);
        }
        catch (LeaseFenceException error)
        {
            // The holder's tags could not all be revoked in time: its I/O may still land, so the blocks stay where they are.
            throw new FsException(Errno.EBUSY, $"inode {ino}: {error.Message}", error);
        }
    }
}
