using System.Text.Json.Nodes;

namespace Layered.Cli.Copy;

/// <summary>What a copy did, for its report.</summary>
internal sealed class CopyTally
{
    public long Files { get; set; }
    public long Directories { get; set; }
    public long Symlinks { get; set; }
    public long Skipped { get; set; }
    public long Bytes { get; set; }

    /// <summary>Bytes not written because they were holes or all zeros: the copy stays sparse.</summary>
    public long SparseBytes { get; set; }

    public JsonObject ToJson() => new()
    {
        ["files"] = Files,
        ["directories"] = Directories,
        ["symlinks"] = Symlinks,
        ["skipped"] = Skipped,
        ["bytes"] = Bytes,
        ["sparse_bytes"] = SparseBytes,
    };
}
