namespace Layered.BlockStack.Simulation;

public enum FaultKind
{
    /// <summary>A read fails with IoError (or Transient when the rule says so).</summary>
    ReadError,

    /// <summary>A write fails with IoError (or Transient); nothing lands.</summary>
    WriteError,

    /// <summary>A sector goes bad: reads of it return MediumError until it is rewritten.</summary>
    LatentSectorError,

    /// <summary>Only a prefix of a write's sectors lands, and the write reports IoError.</summary>
    TornWrite,

    /// <summary>A flush reports success but makes nothing durable.</summary>
    LostFlush,

    /// <summary>The operation is delayed (a slow member).</summary>
    Latency,

    /// <summary>The device disappears: this and every later operation gets DeviceGone.</summary>
    FailStop,
}
