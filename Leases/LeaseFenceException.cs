namespace Layered.Leases;

/// <summary>
/// Fencing a lease failed or did not finish in <see cref="LeaseOptions.FenceTime"/>: some tag may
/// still carry I/O, so the breaker must not free the blocks. The filesystem fails the operation (EIO).
/// </summary>
public sealed class LeaseFenceException(string message, Exception? inner = null) : Exception(message, inner);
