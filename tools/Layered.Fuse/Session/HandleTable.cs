using System.Collections.Concurrent;

namespace Layered.Fuse.Session;

/// <summary>Open files and directories by fh. Handles come from a counter and are never reused within a session.</summary>
public sealed class HandleTable
{
    private readonly ConcurrentDictionary<ulong, OpenHandle> _handles = new();
    private long _next;

    public int Count => _handles.Count;

    public ulong Add(OpenHandle handle)
    {
        var fh = (ulong)Interlocked.Increment(ref _next);
        _handles[fh] = handle;
        return fh;
    }

    public bool TryGet(ulong fh, out OpenHandle handle) => _handles.TryGetValue(fh, out handle);

    public bool TryRemove(ulong fh, out OpenHandle handle) => _handles.TryRemove(fh, out handle);

    /// <summary>Takes every handle still open, for when the connection ended without their releases.</summary>
    public List<OpenHandle> DrainAll()
    {
        var drained = new List<OpenHandle>();
        foreach (var fh in _handles.Keys)
            if (_handles.TryRemove(fh, out var handle)) drained.Add(handle);
        return drained;
    }
}
