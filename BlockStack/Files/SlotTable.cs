namespace Layered.BlockStack.Files;

/// <summary>A fixed-size table of free slot numbers, lowest first. Not thread-safe; the owner locks.</summary>
internal sealed class SlotTable(int capacity)
{
    private readonly bool[] _used = new bool[capacity];
    private int _count;

    public int Capacity => capacity;

    public int Count => _count;

    /// <summary>The lowest free slot, or -1 when the table is full.</summary>
    public int Take()
    {
        var slot = Array.IndexOf(_used, false);
        if (slot < 0) return -1;
        _used[slot] = true;
        _count++;
        return slot;
    }

    public void Give(int slot)
    {
        System.Diagnostics.Debug.Assert(_used[slot], $"slot {slot} given back twice");
        _used[slot] = false;
        _count--;
    }
}
