using Layered.BlockStack.Uring;
using Layered.Fuse.Protocol;
using Layered.Fuse.Session;
using Microsoft.Extensions.Logging;

namespace Layered.Fuse.Handlers;

/// <summary>
/// FUSE_INIT: settles the protocol minor (the lower of the kernel's and ours) and the features we
/// take. No writeback cache: every write reaches the filesystem before write(2) returns, so a
/// direct session and the mount see the same bytes. FUSE_HANDLE_KILLPRIV_V2: we drop set-id bits
/// and file capabilities on write, truncate and chown ourselves (<see cref="PrivilegeDrops"/>),
/// which spares every write the kernel's security.capability lookup, one round trip.
/// FUSE_DIRECT_IO_ALLOW_MMAP: see <see cref="OpenHandler"/>.
/// </summary>
internal sealed class InitHandler : IFuseHandler
{
    /// <summary>The oldest minor whose message layouts match ours (fuse_mknod_in with umask, fuse_attr with blksize).</summary>
    private const uint OldestMinor = 12;

    private const FuseInitFlags Wanted = FuseInitFlags.FUSE_ASYNC_READ | FuseInitFlags.FUSE_PARALLEL_DIROPS | FuseInitFlags.FUSE_MAX_PAGES
        | FuseInitFlags.FUSE_BIG_WRITES | FuseInitFlags.FUSE_DO_READDIRPLUS | FuseInitFlags.FUSE_READDIRPLUS_AUTO | FuseInitFlags.FUSE_ATOMIC_O_TRUNC | FuseInitFlags.FUSE_HANDLE_KILLPRIV_V2;

    public ValueTask<FuseReply> HandleAsync(FuseSession session, FuseRequest request)
    {
        if (session.Connection is not null) return ValueTask.FromResult(FuseReply.Fail(Errno.EIO));
        var reader = request.Reader();
        var offer = reader.ReadAtLeast<FuseInitIn>(FuseInitIn.MinSize);
        var payload = request.Payload;
        if (offer.Major > FuseLimits.KernelMajor)
        {
            // A newer major: answer with ours alone and the kernel sends INIT again in our major.
            var ours = new FuseInitOut { Major = FuseLimits.KernelMajor, Minor = FuseLimits.OurMinor };
            return ValueTask.FromResult(FuseReply.Struct(payload, ours));
        }
        if (offer.Major < FuseLimits.KernelMajor || offer.Minor < OldestMinor)
        {
            session.Logger?.LogError("the kernel speaks FUSE {Major}.{Minor}; we need {OurMajor}.{Oldest} or later", offer.Major, offer.Minor, FuseLimits.KernelMajor, OldestMinor);
            return ValueTask.FromResult(FuseReply.Fail(Errno.EPROTO));
        }
        var minor = Math.Min(offer.Minor, FuseLimits.OurMinor);
        var flags = offer.Flags & Wanted;
        var offered2 = (offer.Flags & FuseInitFlags.FUSE_INIT_EXT) != 0 ? (FuseInitFlags2)offer.Flags2 : FuseInitFlags2.None;
        var flags2 = offered2 & FuseInitFlags2.FUSE_DIRECT_IO_ALLOW_MMAP;
        var overIoUring = TakesIoUring(session, offered2);
        if (overIoUring) flags2 |= FuseInitFlags2.FUSE_OVER_IO_URING;
        if (flags2 != FuseInitFlags2.None) flags |= FuseInitFlags.FUSE_INIT_EXT;
        var reply = new FuseInitOut
        {
            Major = FuseLimits.KernelMajor,
            Minor = minor,
            MaxReadahead = offer.MaxReadahead,
            Flags = flags,
            MaxBackground = FuseLimits.MaxBackground,
            CongestionThreshold = FuseLimits.MaxBackground * 3 / 4,
            MaxWrite = FuseLimits.MaxWriteBytes,
            TimeGran = 1,
            MaxPages = FuseLimits.MaxPages,
            Flags2 = (uint)flags2,
        };
        session.Connection = new FuseConnection(FuseLimits.KernelMajor, minor, flags, FuseLimits.MaxWriteBytes, flags2);
        var written = FuseReply.Struct(payload, reply);
        // Before 7.23 the kernel's fuse_init_out ended after time_gran (FUSE_COMPAT_22_INIT_OUT_SIZE).
        return ValueTask.FromResult(minor < 23 ? FuseReply.Ok(24) : written);
    }

    /// <summary>
    /// io_uring when the session asks for it, the kernel offers it (fuse's enable_uring parameter
    /// is on), and the queues could be made (see <see cref="FuseSession.TryPrepareIoUring"/>). The
    /// kernel reads flags2 whatever the minor we answer, so our message layouts stay those of
    /// <see cref="FuseLimits.OurMinor"/>.
    /// </summary>
    private static bool TakesIoUring(FuseSession session, FuseInitFlags2 offered2)
    {
        if (!session.Options.IoUring) return false;
        if ((offered2 & FuseInitFlags2.FUSE_OVER_IO_URING) == 0)
        {
            session.Logger?.LogInformation("the kernel does not offer FUSE over io_uring (is /sys/module/fuse/parameters/enable_uring on?); serving through read(2) on /dev/fuse");
            return false;
        }
        return session.TryPrepareIoUring();
    }
}
