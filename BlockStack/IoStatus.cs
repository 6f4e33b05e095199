namespace Layered.BlockStack;

/// <summary>
/// The outcome of one device operation. Device errors travel as a status, never as an
/// exception, so the hot path stays cheap and callers decide what a failure means.
/// </summary>
public enum IoStatus : byte
{
    Ok = 0,

    /// <summary>The device reported an error for the operation (EIO and the like).</summary>
    IoError,

    /// <summary>A latent sector error: this sector cannot be read until it is rewritten.</summary>
    MediumError,

    /// <summary>A transient condition (EAGAIN, EBUSY, a timeout); the operation may succeed if retried.</summary>
    Transient,

    /// <summary>The device is gone (fail-stop removal, ENODEV/ENXIO).</summary>
    DeviceGone,

    /// <summary>The tag was invalidated or fenced; the operation never reached the device or the buffer.</summary>
    TagRevoked,

    /// <summary>The device does not support this operation (for example discard).</summary>
    NotSupported,
}
