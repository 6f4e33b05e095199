namespace Layered.Leases;

public enum LeaseState
{
    /// <summary>Granted; the holder may issue I/O through its mapping.</summary>
    Active,

    /// <summary>A breaker has called the holder back; it should stop, drain and release.</summary>
    Recalled,

    /// <summary>The holder released the lease. Final.</summary>
    Released,

    /// <summary>
    /// The holder did not release within the break time and its tags were revoked: its I/O now
    /// gets <c>TagRevoked</c>, and it should report ESTALE or EIO to its user. Final.
    /// </summary>
    Fenced,
}
