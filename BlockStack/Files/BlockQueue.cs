namespace Layered.BlockStack.Files;

/// <summary>
/// What the kernel says of a block device's request queue (/sys/class/block/NAME/queue; a
/// partition's is its disk's).
/// </summary>
internal static class BlockQueue
{
    /// <summary>
    /// Whether the device takes FUA writes itself. Where it does not (a loop device, a disk
    /// without FUA), the kernel emulates one with a flush after the write, which costs more than
    /// the write and flush a caller issues itself; so does anything sysfs cannot answer for.
    /// </summary>
    public static bool HasNativeFua(string devicePath) => Read(devicePath, "fua") == "1";

    private static string? Read(string devicePath, string attribute)
    {
        try
        {
            var device = new FileInfo(devicePath).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? devicePath;
            var entry = new DirectoryInfo($"/sys/class/block/{Path.GetFileName(device)}");
            if (!entry.Exists) return null;
            var real = entry.ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? entry.FullName;
            foreach (var queue in new[] { Path.Combine(real, "queue"), Path.Combine(Path.GetDirectoryName(real)!, "queue") })
            {
                var file = Path.Combine(queue, attribute);
                if (File.Exists(file)) return File.ReadAllText(file).Trim();
            }
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
