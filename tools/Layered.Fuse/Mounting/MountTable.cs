using System.Globalization;
using System.Text;

namespace Layered.Fuse.Mounting;

/// <summary>Reads /proc/self/mountinfo: whether a path is a mount point, and its device (a FUSE mount's minor is its connection id).</summary>
public static class MountTable
{
    public readonly record struct Entry(int Major, int Minor, string MountPoint, string FileSystemType);

    public static Entry? Find(string mountPoint)
    {
        var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(mountPoint));
        Entry? found = null;
        // The last matching line is the mount on top, which is the one a path resolves to.
        foreach (var entry in Read()) if (entry.MountPoint == full) found = entry;
        return found;
    }

    public static bool IsMounted(string mountPoint) => Find(mountPoint) is not null;

    public static IEnumerable<Entry> Read()
    {
        foreach (var line in File.ReadLines("/proc/self/mountinfo"))
        {
            // "id parent major:minor root mountpoint options [optional...] - fstype source superoptions"
            var fields = line.Split(' ');
            var separator = Array.IndexOf(fields, "-");
            if (fields.Length < 5 || separator < 0 || separator + 1 >= fields.Length) continue;
            var device = fields[2].Split(':');
            if (device.Length != 2
                || !int.TryParse(device[0], NumberStyles.None, CultureInfo.InvariantCulture, out var major)
                || !int.TryParse(device[1], NumberStyles.None, CultureInfo.InvariantCulture, out var minor)) continue;
            yield return new Entry(major, minor, Unescape(fields[4]), fields[separator + 1]);
        }
    }

    /// <summary>mountinfo writes space, tab, newline and backslash in paths as \ooo octal escapes.</summary>
    private static string Unescape(string text)
    {
        if (!text.Contains('\\')) return text;
        var bytes = new List<byte>();
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\\' && i + 3 < text.Length && IsOctal(text.AsSpan(i + 1, 3)))
            {
                bytes.Add(Convert.ToByte(text.Substring(i + 1, 3), 8));
                i += 3;
            }
            else bytes.AddRange(Encoding.UTF8.GetBytes(text[i].ToString()));
        }
        return Encoding.UTF8.GetString(bytes.ToArray());
    }

    private static bool IsOctal(ReadOnlySpan<char> digits)
    {
        foreach (var c in digits) if (c is < '0' or > '7') return false;
        return true;
    }
}
