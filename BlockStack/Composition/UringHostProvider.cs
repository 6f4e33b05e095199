using Layered.BlockStack.Files;
using Layered.BlockStack.Uring;

namespace Layered.BlockStack.Composition;

/// <summary>
/// Creates the process's shared ring on first use. When io_uring is unavailable (disabled by
/// sysctl, EPERM, ENOSYS) it says so once and file devices fall back to RandomAccess.
/// </summary>
public sealed class UringHostProvider(BlockStackOptions options) : IDisposable
{
    private static int s_noticeGiven;
    private readonly Lazy<UringHost?> _host = new(() => Create(options));

    public UringHost? Host => _host.Value;

    public string? FallbackReason { get; private set; }

    private static UringHost? Create(BlockStackOptions options) => options.UseIoUring
        ? UringHost.TryCreate(new RingOptions { Entries = options.RingEntries, InlineCompletions = options.InlineCompletions }, out var error)
            ?? Fallback(options, $"io_uring is unavailable ({error}); file devices use RandomAccess")
        : null;

    private static UringHost? Fallback(BlockStackOptions options, string reason)
    {
        if (Interlocked.Exchange(ref s_noticeGiven, 1) == 0) options.Notice($"layered: {reason}");
        return null;
    }

    public void Dispose()
    {
        if (_host.IsValueCreated) _host.Value?.Dispose();
    }
}
