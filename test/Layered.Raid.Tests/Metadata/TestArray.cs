using Layered.BlockStack;
using Layered.BlockStack.Memory;
using Layered.Raid.Metadata;

namespace Layered.Raid.Tests.Metadata;

/// <summary>
/// An array's members and the superblock each one currently carries, kept in memory so a test
/// can age, fail and mix members without I/O.
/// </summary>
internal sealed class TestArray
{
    public TestArray(RaidLevel level, int members, string name = "a", int chunkBytes = 64 << 10, long memberBytes = 64L << 20)
    {
        Devices = [.. Enumerable.Range(0, members).Select(i => (IBlockDevice)MemoryDevice.Create(memberBytes, 512, $"{name}{i}"))];
        Superblocks = ArrayLayout.NewArray(level, chunkBytes, Devices, name);
    }

    public IBlockDevice[] Devices { get; }

    /// <summary>What each device's superblock says now; null for a device without one.</summary>
    public MemberSuperblock?[] Superblocks { get; }

    public MemberSuperblock View => Superblocks.First(s => s is not null)!;

    /// <summary>Writes a new array view to the given slots' members only, as when the others were absent.</summary>
    public void Publish(MemberSuperblock view, params int[] slots)
    {
        foreach (var slot in slots) Superblocks[slot] = view.ForMember(Devices[slot].Id, slot);
    }

    public void PublishToAll(MemberSuperblock view) => Publish(view, [.. Enumerable.Range(0, Devices.Length)]);

    public (IBlockDevice Device, MemberSuperblock? Superblock, string? ReadError) Candidate(int slot) =>
        (Devices[slot], Superblocks[slot], Superblocks[slot] is null ? "no superblock (magic mismatch)" : null);

    public List<(IBlockDevice Device, MemberSuperblock? Superblock, string? ReadError)> Candidates(params int[] slots) =>
        [.. (slots.Length == 0 ? Enumerable.Range(0, Devices.Length) : slots).Select(Candidate)];

    /// <summary>A spare for this array, carrying the current view.</summary>
    public (IBlockDevice Device, MemberSuperblock? Superblock, string? ReadError) Spare(string name)
    {
        var device = MemoryDevice.Create(64L << 20, 512, name);
        return (device, View.ForMember(device.Id, -1), null);
    }
}
