using Layered.Fs.Tests.Model;

namespace Layered.Fs.Tests.Crash;

/// <summary>
/// A file of a crash workload. Every byte it is ever written carries its id, so a byte from
/// another file (or from freed metadata) is recognisable; <see cref="Durable"/> is its contents
/// at its last successful fsync, cleared by any later change.
/// </summary>
internal sealed class TaggedFile(int id, string name)
{
    private const int IdSpan = 30;

    public int Id { get; } = id;
    public string Name { get; } = name;
    public ulong Ino { get; set; }
    public SparseBytes Contents { get; } = new();
    public byte[]? Durable { get; set; }
    public int Versions { get; set; }

    public byte[] NextData(long offset, int length)
    {
        var version = ++Versions;
        var data = new byte[length];
        for (var i = 0; i < length; i++) data[i] = (byte)(1 + Id * IdSpan + (int)(((offset + i) * 7 + version) % (IdSpan - 1)));
        return data;
    }

    /// <summary>Whether a nonzero byte could only have come from this file.</summary>
    public bool Owns(byte value) => value != 0 && (value - 1) / IdSpan == Id;

    public byte[] Snapshot()
    {
        var bytes = new byte[Contents.Size];
        Contents.Read(0, bytes);
        return bytes;
    }
}
