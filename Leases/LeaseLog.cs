using Microsoft.Extensions.Logging;

namespace Layered.Leases;

/// <summary>The table's log lines. Fences are rare and always worth a line; grants and releases are not.</summary>
internal static partial class LeaseLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Warning,
        Message = "Fencing lease {LeaseId} on inode {Inode} {Range} held by {Holder}: not released within {BreakTime}; revoking {TagCount} tag(s) on {DeviceCount} device(s)")]
    public static partial void Fencing(this ILogger logger, long leaseId, ulong inode, string range, string holder, TimeSpan breakTime, int tagCount, int deviceCount);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning,
        Message = "Fenced lease {LeaseId} on inode {Inode} held by {Holder}: its tags are revoked and drained")]
    public static partial void Fenced(this ILogger logger, long leaseId, ulong inode, string holder);

    [LoggerMessage(EventId = 3, Level = LogLevel.Error,
        Message = "Fencing lease {LeaseId} on inode {Inode}: revoking {Tag} failed")]
    public static partial void RevokeFailed(this ILogger logger, Exception exception, long leaseId, ulong inode, string tag);

    [LoggerMessage(EventId = 4, Level = LogLevel.Error,
        Message = "Fencing lease {LeaseId} on inode {Inode} held by {Holder} did not finish within {FenceTime}; its breaker fails")]
    public static partial void FenceTimedOut(this ILogger logger, long leaseId, ulong inode, string holder, TimeSpan fenceTime);

    [LoggerMessage(EventId = 5, Level = LogLevel.Warning,
        Message = "Holder {Holder} failed while recalling lease {LeaseId} on inode {Inode}; it is fenced unless it releases in time")]
    public static partial void RecallFailed(this ILogger logger, Exception exception, string holder, long leaseId, ulong inode);
}
