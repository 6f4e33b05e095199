using Layered.BlockStack;

namespace Layered.Raid.Metadata;

/// <summary>The planner's working table: who serves each slot, and why a slot's claimants were turned away.</summary>
internal sealed class AssemblySlots(int count)
{
    private readonly string?[] _refusals = new string?[count];
    private readonly Dictionary<Guid, (IBlockDevice Device, ulong Events)> _placed = [];

    public IBlockDevice?[] Devices { get; } = new IBlockDevice?[count];

    public IBlockDevice?[] Replacements { get; } = new IBlockDevice?[count];

    /// <summary>The device already placed under this device uuid, if any.</summary>
    public (IBlockDevice Device, ulong Events)? Placed(Guid deviceId) =>
        _placed.TryGetValue(deviceId, out var holder) ? holder : null;

    public void Take(int slot, IBlockDevice device, ulong events, Guid deviceId, bool asReplacement)
    {
        (asReplacement ? Replacements : Devices)[slot] = device;
        _placed.Add(deviceId, (device, events));
    }

    /// <summary>Keeps the first refusal per slot: claimants arrive freshest first, so it is the most telling.</summary>
    public void NoteRefusal(int slot, string refusal)
    {
        if ((uint)slot < (uint)_refusals.Length) _refusals[slot] ??= refusal;
    }

    public string? RefusalFor(int slot) => _refusals[slot];
}
