namespace Layered.Leases;

/// <summary>
/// What a holder does through its mapping. Modes never conflict with each other: only a break
/// ends a lease, and a break may choose to spare one mode (see <see cref="BreakOptions.OnlyReadLeases"/>).
/// </summary>
public enum LeaseMode
{
    /// <summary>The holder only reads mapped blocks; allocating into a hole under it changes its view.</summary>
    Read,

    /// <summary>The holder reads and overwrites mapped blocks.</summary>
    ReadWrite,
}
