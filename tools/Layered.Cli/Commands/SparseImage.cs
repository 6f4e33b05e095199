using Layered.BlockStack.Composition;
using Layered.BlockStack.Files;
using Layered.Cli.Output;

namespace Layered.Cli.Commands;

/// <summary>Creates a missing image file as a sparse file when a command was given a size for it (never under /dev).</summary>
internal static class SparseImage
{
    public static void CreateIfMissing(string path, long? createBytes, Reporter reporter)
    {
        if (createBytes is not { } size || File.Exists(path) || path.StartsWith("/dev/", StringComparison.Ordinal)) return;
        FileDevice.CreateImage(path, size);
        reporter.Progress($"created sparse image {path} ({ByteSize.Format(size)})");
    }
}
