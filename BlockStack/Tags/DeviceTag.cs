using Layered.BlockStack.Buffers;

namespace Layered.BlockStack.Tags;

/// <summary>
/// A registered buffer pre-mapped on one device. The tag counts its in-flight I/O so that
/// unmap and invalidate can wait for it to drain, after which nothing touches the buffer.
/// </summary>
public sealed class DeviceTag
{
    private readonly DrainGate _gate = new();
    private int _unmapState; // 0 mapped, 1 unmapping, 2 unmapped

    internal DeviceTag(IBlockDevice device, RegisteredBuffer buffer, long generation, int slot, object? payload)
    {
        Device = device;
        Buffer = buffer;
        Generation = generation;
        Slot = slot;
        Payload = payload;
    }

    public IBlockDevice Device { get; }

    public RegisteredBuffer Buffer { get; }

    /// <summary>Unique in the process; a reused device slot never aliases an old tag.</summary>
    public long Generation { get; }

    /// <summary>The device's slot for this buffer (for io_uring, the registered-buffer index); -1 when none.</summary>
    public int Slot { get; }

    /// <summary>Device-private state, for example the member tags of a RAID set.</summary>
    public object? Payload { get; }

    public TagState State => Volatile.Read(ref _unmapState) == 2 ? TagState.Unmapped
        : _gate.IsClosed ? TagState.Revoked
        : TagState.Live;

    public int InFlight => _gate.Count;

    /// <summary>Takes an in-flight reference; false once the tag is revoked.</summary>
    internal bool TryEnter() => _gate.TryEnter();

    internal void Exit() => _gate.Exit();

    /// <summary>Stops new I/O at once; the task completes when in-flight I/O has drained.</summary>
    internal Task RevokeAndDrainAsync() => _gate.CloseAndDrainAsync();

    internal bool TryBeginUnmap() => Interlocked.CompareExchange(ref _unmapState, 1, 0) == 0;

    internal void MarkUnmapped() => Volatile.Write(ref _unmapState, 2);

    public override string ToString() => $"tag {Generation} on {Device.Name} ({Buffer}, {State}, {InFlight} in flight)";
}
