namespace Layered.Leases;

/// <summary>How a breaker's wait ended.</summary>
internal enum RecallOutcome
{
    /// <summary>Every recalled holder released within the break time.</summary>
    Released,

    /// <summary>The break time ran out and the leases still live were fenced.</summary>
    Fenced,
}
