namespace Layered.BlockStack;

[Flags]
public enum DeviceCapabilities
{
    None = 0,
    Flush = 1 << 0,
    Fua = 1 << 1,
    Discard = 1 << 2,

    /// <summary>TryMap can return a tag, so tagged I/O skips per-I/O pinning and translation.</summary>
    PreMap = 1 << 3,
}
